from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("approaches/", views.approach_list, name="approach-list"),
    path("approaches/<slug:slug>/", views.approach_detail, name="approach-detail"),
    path("methods/", views.method_list, name="method-list"),
    path("methods/<slug:slug>/", views.method_detail, name="method-detail"),
    path("case-examples/", views.case_example_list, name="case-example-list"),
    path("case-examples/<slug:slug>/", views.case_example_detail, name="case-example-detail"),
    path("principles/", views.principles, name="principles"),
    path("glossary/", views.glossary, name="glossary"),
    path("about/", views.about, name="about"),
]
