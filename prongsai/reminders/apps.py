from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "prongsai.reminders"
    default_auto_field = "django.db.models.BigAutoField"
