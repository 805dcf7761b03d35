from django.urls import path

from prongsai.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_year>/<str:kind>.<str:fmt>", views.download, name="download"),
    path("<int:plan_year>/<str:kind>/texts", views.texts, name="texts"),
]
