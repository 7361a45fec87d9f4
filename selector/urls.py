from django.urls import path, re_path

from . import api, plan_views, views
from .wizard import STEP_NAMES

STEP_PATTERN = "|".join(STEP_NAMES)

app_name = "selector"

urlpatterns = [
    # Saved plans and exports (a plan's key is its only protection: see plan_views).
    path("plans/", plan_views.plan_create, name="plan-create"),
    path("plans/<str:key>/", plan_views.plan_detail, name="plan-detail"),
    path("plans/<str:key>/export/<str:fmt>", plan_views.plan_export, name="plan-export"),
    path("plan/export/<str:fmt>", plan_views.answers_export, name="answers-export"),
    path("plan/", views.start, name="start"),
    path("plan/check/", views.check, name="check"),
    path("plan/result", views.result, name="result"),
    path("plan/what-if", views.what_if, name="what-if"),
    path("plan/complexity-checklist/", views.complexity_checklist, name="complexity-checklist"),
    path("api/recommendation", api.recommendation, name="api-recommendation"),
    path("api/schema", api.schema, name="api-schema"),
    # One URL per question, matched only for the question names so other /plan/ pages are
    # never shadowed; any other name is a 404.
    re_path(rf"^plan/(?P<step>{STEP_PATTERN})/$", views.step, name="step"),
]
