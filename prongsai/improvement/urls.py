app_name = "improvement"
urlpatterns: list = []
