from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_shipped_frameworks(sender: AppConfig, **kwargs: object) -> None:
    # The issue asks `migrate` to leave every shipped ITA year in the database,
    # so a fresh install is usable at once; loading is idempotent.
    from prongsai.framework.services import frameworks_load_shipped

    frameworks_load_shipped()


class Config(AppConfig):
    name = "prongsai.framework"
    label = "framework"

    def ready(self) -> None:
        post_migrate.connect(_load_shipped_frameworks, sender=self)
