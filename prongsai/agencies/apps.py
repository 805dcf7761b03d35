from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.agencies"
    label = "agencies"
