from django.urls import include, path
from django.views.i18n import set_language

from prongsai.staff.views_setup import setup

urlpatterns = [
    path("", include("prongsai.assessments.urls")),
    path("accounts/", include("prongsai.accounts.urls")),
    path("agency/", include("prongsai.agencies.urls")),
    path("frameworks/", include("prongsai.framework.urls")),
    path("improvement/", include("prongsai.improvement.urls")),
    path("documents/", include("prongsai.documents.urls")),
    path("surveys/", include("prongsai.surveys.urls")),
    path("network/", include("prongsai.network.urls")),
    path("staff/", include("prongsai.staff.urls")),
    path("reminders/", include("prongsai.reminders.urls")),
    path("setup/", setup, name="setup"),
    path("", include("prongsai.publishing.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]
# No /media/ URL, even in development: evidence files are served only by
# views that check the agency (improvement, publishing).
