from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Supervisors (district, province, DLA) and the agencies they watch over."""

    name = "prongsai.network"
    verbose_name = _("เครือข่ายหน่วยงาน")
