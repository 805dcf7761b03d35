from django.urls import path

from prongsai.reminders import views

app_name = "reminders"
urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("toggle/", views.toggle, name="toggle"),
]
