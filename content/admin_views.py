"""Admin pages beyond the model admins: the tools index, guide import/export, content health.

Every view is wrapped in ``admin_site.admin_view`` (staff only) and checks its own permission.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from . import archive, models, publishing
from .guide_exporter import export_guide
from .health import registry

# Importing adds, changes and deletes every kind of guide item, and publishes them.
IMPORT_PERMISSIONS = (
    *(
        f"content.{action}_{model._meta.model_name}"
        for model in models.GUIDE_MODELS
        for action in ("add", "change", "delete")
    ),
    publishing.PUBLISH_PERMISSION,
)


def _require(request: HttpRequest, *perms: str) -> None:
    if not all(request.user.has_perm(p) for p in perms):
        raise PermissionDenied


def _render(request: HttpRequest, template: str, context: dict) -> TemplateResponse:
    return TemplateResponse(request, template, {**admin.site.each_context(request), **context})


# ---------------------------------------------------------------- tools index


@require_safe
def tools_index(request: HttpRequest) -> HttpResponse:
    _require(request, "content.view_method")
    user = request.user
    return _render(
        request,
        "admin/content/tools.html",
        {
            "title": "Guide tools",
            "can_import": all(user.has_perm(p) for p in IMPORT_PERMISSIONS),
            "can_see_usage": user.has_perm("content.view_usagecount"),
        },
    )


# ---------------------------------------------------------------- export


@require_safe
def export_zip(request: HttpRequest) -> HttpResponse:
    """The whole guide, drafts included, as a zip in the load_guide format."""
    _require(request, "content.view_method")
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="guide-export-") as tmp:
        root = Path(tmp)
        files = export_guide(root)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(files):
                archive.write(file, file.relative_to(root).as_posix())
    name = f"spread-guide-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------- import


class UploadForm(forms.Form):
    guide = forms.FileField(
        label="Guide zip",
        help_text="A zip in the load_guide format, such as one downloaded from this page.",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def import_zip(request: HttpRequest) -> HttpResponse:
    """Upload a guide zip, see exactly what it changes, then confirm to apply it atomically."""
    _require(request, *IMPORT_PERMISSIONS)
    context = {"title": "Import the guide from a zip", "form": UploadForm()}
    template = "admin/content/import_guide.html"

    if request.method == "POST" and "payload" in request.POST:
        try:
            report = archive.confirm_import(request.POST["payload"])
        except archive.PreviewOutdated as outdated:
            messages.warning(request, "The guide changed since the preview. Check the new preview.")
            try:
                preview = archive.make_preview(outdated.data)
            except archive.ImportRefused as exc:
                context["error"] = str(exc)
            else:
                context.update(report=preview.report, payload=preview.payload)
            return _render(request, template, context)
        except archive.ImportRefused as exc:
            context["error"] = str(exc)
            return _render(request, template, context)
        messages.success(request, f"Guide imported: {report.summary()}.")
        return redirect(reverse("admin:content_tools"))

    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["guide"]
            try:
                preview = archive.upload_preview(upload.read())
            except archive.ImportRefused as exc:
                context["error"] = str(exc)
            else:
                context.update(report=preview.report, payload=preview.payload)
    return _render(request, template, context)


# ---------------------------------------------------------------- content health


@require_http_methods(["GET", "HEAD", "POST"])
def content_health(request: HttpRequest) -> HttpResponse:
    _require(request, "content.view_method")
    if request.method == "POST" and "recompute" in request.POST:
        registry.forget_findings()
        return redirect(reverse("admin:content_health"))
    checks = registry.run_checks()
    return _render(
        request,
        "admin/content/health.html",
        {
            "title": "Content health",
            "checks": checks,
            "problem_count": sum(1 for c in checks for p in c.problems if not p.explanation),
        },
    )
