from django.urls import path

from prongsai.framework import views

app_name = "framework"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("<int:year>/", views.detail, name="detail"),
    path("<int:year>/download/", views.download, name="download"),
]
