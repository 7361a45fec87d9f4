from django.contrib import admin
from django.urls import include, path

from content.views import healthz

admin.site.site_header = "Spread Guide administration"
admin.site.site_title = "Spread Guide admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("selector.urls")),
    path("", include("teams.urls")),
    path("", include("content.urls")),
]

handler404 = "spreadguide.errors.page_not_found"
handler500 = "spreadguide.errors.server_error"
