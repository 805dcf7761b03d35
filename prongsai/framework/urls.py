from django.urls import path

from prongsai.framework import views, views_import

app_name = "framework"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views_import.import_preview, name="import_preview"),
    path("import/confirm/", views_import.import_confirm, name="import_confirm"),
    path("<int:year>/", views.detail, name="detail"),
    path("<int:year>/download/", views.download, name="download"),
]
