from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.improvement"
    label = "improvement"
