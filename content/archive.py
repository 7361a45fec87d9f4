"""Importing the guide from an uploaded zip: unpack it safely, preview it, apply it atomically.

Every way an upload can be wrong (not a zip, a zip bomb, a corrupt or encrypted member, an
unknown compression method, a file that is not UTF-8 YAML, an alias bomb, a file far too big,
one that takes too long to read) ends in ``ImportRefused`` with a message a person can act on,
naming files by their place in the zip, never by a path on this server. Nothing is written
unless the whole guide reads and checks cleanly.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core import signing
from django.db import transaction

from . import safe_yaml
from .guide_format import (
    APPROACHES_DIR,
    CASE_EXAMPLES_DIR,
    GLOSSARY_FILE,
    PRINCIPLES_FILE,
    SOURCES_FILE,
    TOPICS_FILE,
)
from .guide_loader import ChangeReport, GuideFileError, apply_guide, read_guide

# Limits on an uploaded guide. The shipped guide zips to well under 100 KB and unzips to
# about 140 KB in under 4,000 YAML nodes, read in a fraction of a second.
MAX_ZIP_BYTES = 1_000_000  # fits, base64-encoded, in one confirmation POST
MAX_UNZIPPED_BYTES = 1_000_000  # about seven times the shipped guide
MAX_FILES = 500
MAX_RATIO = 100  # a member may not expand more than this: refuses zip bombs
MAX_NODES = 20_000  # YAML nodes across the whole guide: about five times the shipped guide
MAX_READ_SECONDS = 3.0  # CPU seconds reading every file (the shipped guide takes about 0.3)
CONFIRMATION_MAX_AGE = 60 * 60
SIGNING_SALT = "content.admin_views.import"  # unchanged, so confirmations in flight still work

_GUIDE_FILES = {SOURCES_FILE, PRINCIPLES_FILE, TOPICS_FILE, GLOSSARY_FILE}
_GUIDE_DIRS = {APPROACHES_DIR, CASE_EXAMPLES_DIR}
_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


class ImportRefused(Exception):
    """An upload that cannot be imported; the message says why, in words for an editor."""


class GuideZipError(ImportRefused):
    """An upload that is not a safe guide zip."""


class PreviewOutdated(Exception):
    """The guide changed between the preview and the confirmation; nothing was applied."""

    def __init__(self, report: ChangeReport, data: bytes) -> None:
        self.report = report
        self.data = data


# ---------------------------------------------------------------- unpacking


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
        if info.flag_bits & 0x1:
            raise GuideZipError(
                f"Refused '{info.filename}': it is encrypted. Zip the guide without a password."
            )
        if info.compress_type not in _COMPRESSIONS:
            raise GuideZipError(
                f"Refused '{info.filename}': it uses a compression method this import does not "
                "read. Zip the guide with ordinary (deflate) compression."
            )
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


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as source:
            content = source.read(min(info.file_size, MAX_UNZIPPED_BYTES) + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise GuideZipError(
            f"Refused '{info.filename}': the zip is damaged (it could not be decompressed)."
        ) from exc
    except (NotImplementedError, RuntimeError) as exc:  # compression or encryption
        raise GuideZipError(f"Refused '{info.filename}': it cannot be read ({exc}).") from exc
    if len(content) > info.file_size:
        raise GuideZipError(f"Refused '{info.filename}': its size does not match.")
    return content


def extract_guide(data: bytes, directory: Path) -> Path:
    """Unpack a guide zip safely into directory; return the folder to read the guide from."""
    if len(data) > MAX_ZIP_BYTES:
        raise GuideZipError(f"The file is larger than {MAX_ZIP_BYTES // 1000} KB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
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
            target.write_bytes(_read_member(archive, info))
    return directory


# ---------------------------------------------------------------- reading, preview and apply


def _refusal(exc: GuideFileError, root: Path) -> ImportRefused:
    """The loader's message with every path made relative to the unpacked guide."""
    prefixes = sorted({str(root), str(root.resolve())}, key=len, reverse=True)
    text = str(exc)
    for prefix in prefixes:
        text = text.replace(prefix + "/", "").replace(prefix, "the guide")
    return ImportRefused(text)


def _read(data: bytes, directory: Path):
    root = extract_guide(data, directory)
    try:
        with safe_yaml.import_limits(seconds=MAX_READ_SECONDS, nodes=MAX_NODES):
            return read_guide(root)
    except GuideFileError as exc:
        raise _refusal(exc, root) from exc


def _digest(report: ChangeReport) -> str:
    return hashlib.sha256("\n".join(report.lines()).encode()).hexdigest()


def preview_import(data: bytes) -> ChangeReport:
    """What loading this guide zip would change (nothing is written)."""
    with tempfile.TemporaryDirectory(prefix="guide-import-") as tmp:
        return apply_guide(_read(data, Path(tmp)), dry_run=True)


def apply_import(data: bytes, *, expected_digest: str) -> ChangeReport:
    """Apply the zip in one transaction, only if it changes exactly what was previewed."""
    with tempfile.TemporaryDirectory(prefix="guide-import-") as tmp:
        guide = _read(data, Path(tmp))
        with transaction.atomic():
            report = apply_guide(guide)
            if _digest(report) != expected_digest:
                raise PreviewOutdated(report, data)  # rolls the whole import back
    return report


@dataclass(frozen=True)
class ImportPreview:
    report: ChangeReport
    payload: str  # the signed zip and preview digest, posted back to confirm


def make_preview(data: bytes) -> ImportPreview:
    report = preview_import(data)
    payload = signing.dumps(
        {"zip": base64.b64encode(data).decode(), "digest": _digest(report)},
        salt=SIGNING_SALT,
        compress=True,
    )
    return ImportPreview(report, payload)


def confirm_import(payload: str) -> ChangeReport:
    """Apply a previewed zip from its signed confirmation.

    Raises ImportRefused (expired, altered or now invalid) or PreviewOutdated.
    """
    try:
        signed = signing.loads(payload, salt=SIGNING_SALT, max_age=CONFIRMATION_MAX_AGE)
        data = base64.b64decode(signed["zip"])
        digest = signed["digest"]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ImportRefused("The confirmation has expired or was altered. Upload again.") from exc
    return apply_import(data, expected_digest=digest)


def upload_preview(data: bytes) -> ImportPreview:
    """The preview of an uploaded zip; raises ImportRefused."""
    if len(data) > MAX_ZIP_BYTES:
        raise GuideZipError(f"The file is larger than {MAX_ZIP_BYTES // 1000} KB.")
    return make_preview(data)
