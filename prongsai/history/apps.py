from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.history"
    label = "history"
