from django.apps import AppConfig


class Config(AppConfig):
    name = "prongsai.assessments"
    label = "assessments"
