from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.documents"
    label = "documents"
