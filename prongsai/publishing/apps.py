from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.publishing"
    label = "publishing"
