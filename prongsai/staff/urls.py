from django.urls import path

from prongsai.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/new/", views.agency_new, name="agency_new"),
    path("agencies/import/", views.agencies_preview, name="agencies_preview"),
    path("agencies/import/confirm/", views.agencies_confirm, name="agencies_confirm"),
    path("supervisors/invite/", views.supervisor_new, name="supervisor_new"),
]
