from django.urls import path

from prongsai.network import views

app_name = "network"
urlpatterns = [
    path("", views.network_page, name="index"),
    path("export.<str:fmt>", views.network_export, name="export"),
    path("agency/<slug:slug>/", views.agency_page, name="agency"),
    path("what-worked/", views.what_worked_panel, name="what_worked"),
    path("common/", views.common_panel, name="common"),
]
