from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.backup"
    label = "backup"
