from django.urls import path

from . import views

app_name = "selector"

urlpatterns = [
    path("plan/", views.start, name="start"),
]
