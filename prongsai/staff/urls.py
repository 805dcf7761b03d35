from django.urls import path

from prongsai.staff import views, views_results

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/new/", views.agency_new, name="agency_new"),
    path("agencies/import/", views.agencies_preview, name="agencies_preview"),
    path("agencies/import/confirm/", views.agencies_confirm, name="agencies_confirm"),
    path("results/import/", views_results.results_import, name="results_import"),
    path("results/import/confirm/", views_results.results_confirm, name="results_confirm"),
    path("supervisors/invite/", views.supervisor_new, name="supervisor_new"),
]
