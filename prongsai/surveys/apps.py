from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.surveys"
    label = "surveys"
