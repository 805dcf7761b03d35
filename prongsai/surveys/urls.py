from django.urls import path

from prongsai.surveys import views_admin, views_public, views_results, views_round

app_name = "surveys"
urlpatterns = [
    # Respondents (no sign-in)
    path("health/", views_public.health, name="health"),
    path("s/<slug:slug>/", views_public.answer, name="answer"),
    path("s/<slug:slug>/thanks/", views_public.thanks, name="thanks"),
    path("s/<slug:slug>/aggregates.json", views_public.aggregates, name="aggregates"),
    # The agency
    path("", views_admin.survey_list, name="list"),
    path("new/", views_admin.survey_new, name="new"),
    path("new/custom/", views_admin.survey_new_custom, name="new_custom"),
    path("survey/<slug:slug>/", views_admin.survey_detail, name="detail"),
    path("survey/<slug:slug>/settings/", views_admin.survey_settings, name="settings"),
    path("survey/<slug:slug>/questions/", views_admin.question_add, name="question_add"),
    path(
        "survey/<slug:slug>/questions/<str:code>/", views_admin.question_text, name="question_text"
    ),
    path("survey/<slug:slug>/codes/", views_admin.codes_generate, name="codes"),
    path("survey/<slug:slug>/progress/", views_results.progress, name="progress"),
    path("survey/<slug:slug>/results/", views_results.results, name="results"),
    path("survey/<slug:slug>/results/chart.png", views_results.chart, name="chart"),
    path("survey/<slug:slug>/report.<str:fmt>", views_results.report, name="report"),
    path("survey/<slug:slug>/export.<str:fmt>", views_results.export, name="export"),
    path("survey/<slug:slug>/poster.pdf", views_results.poster, name="poster"),
    path("survey/<slug:slug>/pre-assessment/", views_results.pre_assessment, name="pre_assessment"),
    # The official ITAS round
    path("round/", views_round.round_current, name="round_current"),
    path("round/<int:year>/", views_round.round_page, name="round"),
    path("round/<int:year>/update/", views_round.round_update, name="round_update"),
    path("round/<int:year>/progress/", views_round.round_progress, name="round_progress"),
    path("round/<int:year>/poster-<str:tool>.pdf", views_round.round_poster, name="round_poster"),
    path("round/<int:year>/chart-<str:tool>.png", views_round.round_chart, name="round_chart"),
]
