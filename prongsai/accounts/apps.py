from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.accounts"
    label = "accounts"
