from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The deployment's own administration: the first-run page, agencies and
    supervisors created by staff, and the staff log. Separate from agency roles:
    no agency admin reaches any of it."""

    name = "prongsai.staff"
    label = "staff"
