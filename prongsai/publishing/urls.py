from django.urls import path

from prongsai.publishing import views, views_public

app_name = "publishing"
urlpatterns = [
    # Agency pages (signed in).
    path("disclosure/", views.checklist_default, name="checklist_default"),
    path("disclosure/publish/", views.publish_page, name="publish_page"),
    path("disclosure/publish/now/", views.publish, name="publish"),
    path("disclosure/checks/<int:pk>/", views.check_progress, name="check_progress"),
    path("disclosure/checks/copy/<int:pk>/", views.check_copy, name="check_copy"),
    path("disclosure/links/<int:pk>/history/", views.link_history, name="link_history"),
    path("disclosure/<int:year>/", views.checklist, name="checklist"),
    path("disclosure/<int:year>/start/", views.items_start, name="items_start"),
    path("disclosure/<int:year>/window/", views.window_update, name="window"),
    path("disclosure/<int:year>/import/", views.import_links, name="import"),
    path("disclosure/<int:year>/check/", views.check_start, name="check_start"),
    path("disclosure/<int:year>/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("disclosure/<int:year>/items/<int:pk>/propose/", views.item_propose, name="item_propose"),
    path("disclosure/<int:year>/items/<int:pk>/accept/", views.item_accept, name="item_accept"),
    path("disclosure/<int:year>/items/<int:pk>/reject/", views.item_reject, name="item_reject"),
    # Public pages (no sign-in), rendered from published snapshots only.
    path("public/<slug:slug>/", views_public.public_index, name="public_index"),
    path("public/<slug:slug>/data.json", views_public.public_json, name="public_json"),
    path("public/<slug:slug>/data.csv", views_public.public_csv, name="public_csv"),
    path("public/<slug:slug>/embed/", views_public.public_embed, name="public_embed"),
    path("public/<slug:slug>/files/<str:sha256>/", views_public.public_file, name="public_file"),
    path("public/<slug:slug>/<int:year>/", views_public.public_year, name="public_year"),
    path(
        "public/<slug:slug>/<int:year>/o<int:number>/",
        views_public.public_item,
        name="public_item",
    ),
]
