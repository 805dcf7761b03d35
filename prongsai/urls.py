from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from django.views.static import serve

urlpatterns = [
    path("", include("prongsai.assessments.urls")),
    path("accounts/", include("prongsai.accounts.urls")),
    path("agency/", include("prongsai.agencies.urls")),
    path("frameworks/", include("prongsai.framework.urls")),
    path("improvement/", include("prongsai.improvement.urls")),
    path("documents/", include("prongsai.documents.urls")),
    path("surveys/", include("prongsai.surveys.urls")),
    path("", include("prongsai.publishing.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

if settings.DEBUG:
    # Evidence files are served by views that check access; this is only for
    # thumbnails in development.
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
