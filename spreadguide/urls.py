from django.contrib import admin
from django.urls import include, path

from content.views import healthz

from . import pages

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("feedback/", pages.feedback, name="feedback"),
    path("", include("selector.urls")),
    path("", include("teams.urls")),
    path("", include("content.urls")),
]

handler400 = "spreadguide.errors.bad_request"
handler403 = "spreadguide.errors.permission_denied"
handler404 = "spreadguide.errors.page_not_found"
handler500 = "spreadguide.errors.server_error"
