"""Admin pages beyond the model admins: the tools index, guide import/export, content health.

Every view is wrapped in ``admin_site.admin_view`` (staff only) and checks its own permission.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from . import models, publishing
from .guide_exporter import export_guide
from .guide_format import (
    APPROACHES_DIR,
    CASE_EXAMPLES_DIR,
    GLOSSARY_FILE,
    PRINCIPLES_FILE,
    SOURCES_FILE,
    TOPICS_FILE,
)
from .guide_loader import ChangeReport, GuideFileError, apply_guide, read_guide
from .health import registry

# Limits on an uploaded guide. The shipped guide zips to well under 100 KB.
MAX_ZIP_BYTES = 1_000_000  # fits, base64-encoded, in one confirmation POST
MAX_UNZIPPED_BYTES = 10_000_000
MAX_FILES = 500
MAX_RATIO = 100  # a member may not expand more than this: refuses zip bombs
SIGNING_SALT = "content.admin_views.import"

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


@require_GET
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


@require_GET
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


class GuideZipError(Exception):
    """An upload that is not a safe guide zip; the message says why."""


_GUIDE_FILES = {SOURCES_FILE, PRINCIPLES_FILE, TOPICS_FILE, GLOSSARY_FILE}
_GUIDE_DIRS = {APPROACHES_DIR, CASE_EXAMPLES_DIR}


def _safe_members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """The zip's YAML files with safe relative paths; raise GuideZipError otherwise."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise GuideZipError(f"The zip holds {len(infos)} entries; the limit is {MAX_FILES}.")
    total = 0
    members = []
    for info in infos:
        name = info.filename.replace("\\", "/")
        member = PurePosixPath(name)
        if member.is_absolute() or ".." in member.parts or ":" in member.parts[0]:
            raise GuideZipError(f"Refused '{info.filename}': a path outside the guide folder.")
        mode = (info.external_attr >> 16) & 0o170000
        if mode == 0o120000:
            raise GuideZipError(f"Refused '{info.filename}': symbolic links are not allowed.")
        if info.is_dir():
            continue
        if member.suffix not in (".yaml", ".yml"):
            continue  # e.g. README files or OS metadata: ignored
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1024:
            raise GuideZipError(f"Refused '{info.filename}': it expands suspiciously much.")
        total += info.file_size
        if total > MAX_UNZIPPED_BYTES:
            raise GuideZipError(
                f"The guide unzips to more than {MAX_UNZIPPED_BYTES // 1_000_000} MB."
            )
        members.append((info, member))
    return members


def _guide_root(members: list[PurePosixPath]) -> PurePosixPath:
    """The folder inside the zip that holds the guide (the top, or one folder down)."""
    for member in members:
        if member.name == SOURCES_FILE and len(member.parts) <= 2:
            return member.parent
    raise GuideZipError(f"The zip has no {SOURCES_FILE}: is it a guide exported from here?")


def extract_guide(data: bytes, directory: Path) -> Path:
    """Unpack a guide zip safely into directory; return the folder to read the guide from."""
    if len(data) > MAX_ZIP_BYTES:
        raise GuideZipError(f"The file is larger than {MAX_ZIP_BYTES // 1000} KB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise GuideZipError("The file is not a zip file.") from exc
    with archive:
        members = _safe_members(archive)
        root = _guide_root([m for _, m in members])
        base = directory.resolve()
        for info, member in members:
            relative = member.relative_to(root) if root.parts else member
            if len(relative.parts) > 1 and relative.parts[0] not in _GUIDE_DIRS:
                continue
            if len(relative.parts) == 1 and relative.name not in _GUIDE_FILES:
                continue
            target = (base / relative).resolve()
            if base not in target.parents:
                raise GuideZipError(f"Refused '{info.filename}': a path outside the guide.")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source:
                content = source.read(MAX_UNZIPPED_BYTES + 1)
            if len(content) > info.file_size:
                raise GuideZipError(f"Refused '{info.filename}': its size does not match.")
            target.write_bytes(content)
    return directory


def _preview_digest(report: ChangeReport) -> str:
    return hashlib.sha256("\n".join(report.lines()).encode()).hexdigest()


class _Changed(Exception):
    def __init__(self, report: ChangeReport) -> None:
        self.report = report


def preview_import(data: bytes) -> ChangeReport:
    """What loading this guide zip would change (nothing is written)."""
    with tempfile.TemporaryDirectory(prefix="guide-import-") as tmp:
        return apply_guide(read_guide(extract_guide(data, Path(tmp))), dry_run=True)


def apply_import(data: bytes, *, expected_digest: str) -> ChangeReport:
    """Apply the zip in one transaction, only if it changes exactly what was previewed."""
    with tempfile.TemporaryDirectory(prefix="guide-import-") as tmp:
        guide = read_guide(extract_guide(data, Path(tmp)))
        with transaction.atomic():
            report = apply_guide(guide)
            if _preview_digest(report) != expected_digest:
                raise _Changed(report)  # rolls the whole import back
    return report


class UploadForm(forms.Form):
    guide = forms.FileField(
        label="Guide zip",
        help_text="A zip in the load_guide format, such as one downloaded from this page.",
    )


@dataclass(frozen=True)
class _Preview:
    report: ChangeReport
    payload: str  # signed zip and preview digest, posted back to confirm


def _make_preview(data: bytes) -> _Preview:
    report = preview_import(data)
    payload = signing.dumps(
        {"zip": base64.b64encode(data).decode(), "digest": _preview_digest(report)},
        salt=SIGNING_SALT,
        compress=True,
    )
    return _Preview(report, payload)


@require_http_methods(["GET", "POST"])
def import_zip(request: HttpRequest) -> HttpResponse:
    """Upload a guide zip, see exactly what it changes, then confirm to apply it atomically."""
    _require(request, *IMPORT_PERMISSIONS)
    context = {"title": "Import the guide from a zip", "form": UploadForm()}
    template = "admin/content/import_guide.html"

    if request.method == "POST" and "payload" in request.POST:
        try:
            signed = signing.loads(request.POST["payload"], salt=SIGNING_SALT, max_age=60 * 60)
            data = base64.b64decode(signed["zip"])
        except (signing.BadSignature, KeyError, ValueError):
            context["error"] = "The confirmation has expired or was altered. Upload again."
            return _render(request, template, context)
        try:
            report = apply_import(data, expected_digest=signed["digest"])
        except _Changed:
            messages.warning(request, "The guide changed since the preview. Check the new preview.")
            preview = _make_preview(data)
            context.update(report=preview.report, payload=preview.payload)
            return _render(request, template, context)
        except (GuideFileError, GuideZipError) as exc:
            context["error"] = str(exc)
            return _render(request, template, context)
        messages.success(request, f"Guide imported: {report.summary()}.")
        return redirect(reverse("admin:content_tools"))

    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["guide"]
            if upload.size > MAX_ZIP_BYTES:
                context["error"] = f"The file is larger than {MAX_ZIP_BYTES // 1000} KB."
                return _render(request, template, context)
            try:
                preview = _make_preview(upload.read())
            except (GuideFileError, GuideZipError) as exc:
                context["error"] = str(exc)
            else:
                context.update(report=preview.report, payload=preview.payload)
    return _render(request, template, context)


# ---------------------------------------------------------------- content health


@require_http_methods(["GET", "POST"])
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
