from django.urls import path, re_path

from selector.urls import STEP_PATTERN

from . import api, member_views, views

app_name = "teams"

# Every address that holds a key starts /teams/<key>/ (or /api/teams/<key>), so the log filter
# that hides plan keys hides these too.
urlpatterns = [
    path("teams/", views.start, name="start"),
    path("teams/deleted/", views.deleted, name="deleted"),
    path("teams/<str:key>/", views.lead, name="lead"),
    path("teams/<str:key>/delete/", views.delete, name="delete"),
    path("teams/<str:key>/join/", member_views.join, name="join"),
    path("teams/<str:key>/join/done/", member_views.done, name="done"),
    re_path(
        rf"^teams/(?P<key>[^/]+)/join/(?P<step>{STEP_PATTERN})/$", member_views.step, name="step"
    ),
    path("api/teams/<str:key>", api.team, name="api"),
]
