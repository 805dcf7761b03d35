from django.urls import path

from prongsai.improvement import views, views_measures, views_report_import, views_results

app_name = "improvement"
urlpatterns = [
    # Analysis: weaknesses of one assessment
    path("analysis/", views.analysis_index, name="analysis_index"),
    path("analysis/<int:year>/<str:kind>/", views.analysis, name="analysis"),
    path("analysis/<int:year>/<str:kind>/run/", views.analysis_run, name="analysis_run"),
    path("analysis/<int:year>/<str:kind>/add/", views.weakness_add_view, name="weakness_add"),
    path("weaknesses/<int:pk>/", views.weakness_detail, name="weakness"),
    path("weaknesses/<int:pk>/edit/", views.weakness_edit, name="weakness_edit"),
    path("weaknesses/<int:pk>/drop/", views.weakness_drop_view, name="weakness_drop"),
    path("weaknesses/<int:pk>/restore/", views.weakness_restore_view, name="weakness_restore"),
    path(
        "weaknesses/<int:pk>/suggestions/<int:index>/create/",
        views.measure_from_suggestion,
        name="measure_from_suggestion",
    ),
    path(
        "recommendations/<int:year>/<str:code>/", views.recommendation_edit, name="recommendation"
    ),
    path(
        "recommendations/<int:year>/<str:code>/reset/",
        views.recommendation_reset,
        name="recommendation_reset",
    ),
    # Measures
    path("measures/", views_measures.measure_list, name="measures"),
    path("measures/mine/", views_measures.my_measures_view, name="my_measures"),
    path("measures/new/", views_measures.measure_new, name="measure_new"),
    path("measures/<int:pk>/", views_measures.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views_measures.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/status/", views_measures.measure_status, name="measure_status"),
    path("measures/<int:pk>/close/", views_measures.measure_close_view, name="measure_close"),
    path("measures/<int:pk>/history/", views_measures.measure_history_part, name="measure_history"),
    path("measures/<int:pk>/steps/", views_measures.step_add_view, name="step_add"),
    path("steps/<int:pk>/", views_measures.step_change_view, name="step_change"),
    # Last year's report (o42/o43) read into drafts
    path("import-report/", views_report_import.report_import_upload, name="report_import"),
    path(
        "import-report/confirm/",
        views_report_import.report_import_confirm,
        name="report_import_confirm",
    ),
    # Results and evidence
    path("measures/<int:pk>/results/", views_results.result_add_view, name="result_add"),
    path("results/<int:pk>/edit/", views_results.result_edit, name="result_edit"),
    path("results/<int:pk>/delete/", views_results.result_delete_view, name="result_delete"),
    path("results/<int:pk>/evidence/", views_results.evidence_add_view, name="evidence_add"),
    path("evidence/<int:pk>/revise/", views_results.evidence_revise_view, name="evidence_revise"),
    path("evidence/files/<int:pk>/", views_results.evidence_file, name="evidence_file"),
    path(
        "evidence/files/<int:pk>/thumb/",
        views_results.evidence_thumbnail,
        name="evidence_thumbnail",
    ),
]
