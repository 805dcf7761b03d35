from django.urls import path

from prongsai.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("results/", views.results, name="results"),
    path("results/import/", views.import_results, name="import"),
    path("results/import/text/", views.import_text, name="import_text"),
    path("results/<int:year>/<str:kind>/", views.assessment_detail, name="detail"),
    path("results/<int:year>/<str:kind>/edit/", views.edit_scores, name="edit"),
]
