from django.urls import path

from prongsai.agencies import views, views_signer

app_name = "agencies"
urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/update/", views.settings_update, name="settings_update"),
    path("settings/signer/", views_signer.signer, name="signer"),
    path("settings/departments/", views.department_add, name="department_add"),
    path("settings/members/", views.member_save, name="member_save"),
    path(
        "settings/members/<int:membership_id>/remove/",
        views.member_remove_view,
        name="member_remove",
    ),
]
