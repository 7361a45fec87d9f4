"""Import and export in admin: the whole guide as a zip, and the methods table as CSV/XLSX."""

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content import models
from content.archive import GuideZipError, extract_guide
from content.guide_exporter import export_guide
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/content/tools/import/"


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _guide_files(tmp_path: Path) -> dict[str, bytes]:
    export_guide(tmp_path)
    return {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*.yaml")}


def _upload(client, data: bytes):
    return client.post(IMPORT_URL, {"guide": SimpleUploadedFile("guide.zip", data)})


def _state() -> list:
    return [
        list(models.Method.objects.order_by("slug").values_list("slug", "summary", "status")),
        list(models.GlossaryTerm.objects.order_by("slug").values_list("slug", "definition")),
        models.Consideration.objects.count(),
    ]


def test_export_downloads_the_guide_as_a_zip_that_loads_back_unchanged(editor_client, tmp_path):
    response = editor_client.get(reverse("admin:content_export_guide"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"sources.yaml", "glossary.yaml"} <= names
    assert any(n.startswith("approaches/") for n in names)
    preview = _upload(editor_client, response.content)
    assert preview.context["report"].is_empty


def test_import_shows_the_exact_changes_then_applies_them(editor_client, tmp_path):
    files = _guide_files(tmp_path)
    glossary = yaml.safe_load(files["glossary.yaml"])
    glossary = [t for t in glossary if t["slug"] != "push"]
    glossary[0]["definition"] = "A new definition."
    glossary.append({"slug": "new-term", "term": "New term", "definition": "Brand new."})
    files["glossary.yaml"] = yaml.safe_dump(glossary).encode()
    before = _state()

    preview = _upload(editor_client, _zip(files))
    assert preview.status_code == 200
    lines = preview.context["report"].lines()
    assert sorted(lines) == sorted(
        [
            "created glossary term new-term",
            f"changed glossary term {glossary[0]['slug']} (definition)",
            "removed glossary term push",
        ]
    )
    assert "removed glossary term push" in preview.content.decode()
    assert _state() == before  # nothing applied yet

    applied = editor_client.post(IMPORT_URL, {"payload": preview.context["payload"]})
    assert applied.status_code == 302
    assert models.GlossaryTerm.objects.filter(slug="new-term").exists()
    assert not models.GlossaryTerm.objects.filter(slug="push").exists()


@pytest.mark.parametrize(
    "breakage",
    [
        ("glossary.yaml", b"- slug: [unclosed\n"),
        ("sources.yaml", b"- slug: x\n  title: T\n"),
    ],
    ids=["bad-yaml", "missing-field"],
)
def test_broken_file_shows_the_error_and_changes_nothing(editor_client, tmp_path, breakage):
    files = _guide_files(tmp_path)
    name, content = breakage
    files[name] = content
    before = _state()
    response = _upload(editor_client, _zip(files))
    assert response.status_code == 200
    assert name in response.context["error"]
    assert "Nothing was changed." in response.content.decode()
    assert "payload" not in response.context
    assert _state() == before


def test_tampered_confirmation_is_refused(editor_client, tmp_path):
    preview = _upload(editor_client, _zip(_guide_files(tmp_path)))
    payload = preview.context["payload"]
    response = editor_client.post(IMPORT_URL, {"payload": payload[:-3] + "abc"})
    assert "expired or was altered" in response.context["error"]


def test_confirmation_re_previews_when_the_guide_changed_meanwhile(editor_client, tmp_path):
    files = _guide_files(tmp_path)
    files["glossary.yaml"] = yaml.safe_dump(
        [t for t in yaml.safe_load(files["glossary.yaml"]) if t["slug"] != "push"]
    ).encode()
    preview = _upload(editor_client, _zip(files))
    models.GlossaryTerm.objects.filter(slug="pull").update(definition="Edited meanwhile.")
    response = editor_client.post(IMPORT_URL, {"payload": preview.context["payload"]})
    assert response.status_code == 200
    assert "changed glossary term pull (definition)" in response.context["report"].lines()
    assert models.GlossaryTerm.objects.filter(slug="push").exists()


def test_not_a_zip_is_refused(editor_client):
    response = _upload(editor_client, b"plain text")
    assert response.context["error"] == "The file is not a zip file."


@pytest.mark.parametrize(
    "name",
    ["../evil.yaml", "/etc/evil.yaml", "approaches/../../evil.yaml"],
)
def test_zip_paths_outside_the_guide_are_refused(tmp_path, name):
    data = _zip({"sources.yaml": b"[]\n", name: b"[]\n"})
    with pytest.raises(GuideZipError, match="outside"):
        extract_guide(data, tmp_path / "out")
    assert not (tmp_path / "evil.yaml").exists()


def test_zip_bomb_is_refused(tmp_path):
    data = _zip({"sources.yaml": b"[]\n", "glossary.yaml": b" " * 5_000_000})
    with pytest.raises(GuideZipError):
        extract_guide(data, tmp_path)


def test_guide_inside_one_folder_is_found(tmp_path):
    root = extract_guide(_zip({"guide/sources.yaml": b"[]\n"}), tmp_path)
    assert (root / "sources.yaml").read_bytes() == b"[]\n"


# ---------------------------------------------------------------- methods as CSV / XLSX


def _export_methods(client, file_format: int):
    """Run the export form; formats are numbered in the admin's order (0 CSV, 1 XLSX)."""
    return client.post(
        reverse("admin:content_method_export"),
        {"format": str(file_format), "resource": "0", **_all_fields()},
    )


def _all_fields() -> dict:
    from content.resources import MethodResource

    return {f"methodresource_{name}": "on" for name in MethodResource._meta.fields}


def test_methods_export_as_csv_with_lists_as_comma_separated_values(editor_client):
    response = _export_methods(editor_client, 0)
    assert response.status_code == 200
    text = response.content.decode()
    header = text.splitlines()[0]
    assert header.startswith("slug,name,approach,kind")
    assert '"national, regional"' in text or '"local, regional, national"' in text
    assert "network" in text


def test_methods_export_as_xlsx(editor_client):
    response = _export_methods(editor_client, 1)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_methods_csv_import_updates_a_method(editor_client):
    import tablib

    from content.resources import MethodResource

    dataset = MethodResource().export(models.Method.objects.filter(slug="network"))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row["levels"] = "local, regional"
    row["timeframe"] = "Imported timeframe"
    changed = tablib.Dataset(headers=dataset.headers)
    changed.append([row[h] for h in dataset.headers])
    result = MethodResource().import_data(changed, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    method = models.Method.objects.get(slug="network")
    assert (method.levels, method.timeframe) == (["local", "regional"], "Imported timeframe")


def test_methods_csv_import_refuses_unknown_values():
    import tablib

    from content.resources import MethodResource

    dataset = MethodResource().export(models.Method.objects.filter(slug="network"))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row["levels"] = "local, galactic"
    changed = tablib.Dataset(headers=dataset.headers)
    changed.append([row[h] for h in dataset.headers])
    result = MethodResource().import_data(changed, dry_run=False)
    assert result.has_validation_errors() or result.has_errors()
    assert models.Method.objects.get(slug="network").levels != ["local"]


def test_methods_import_page_is_open_to_editors(editor_client):
    assert editor_client.get(reverse("admin:content_method_import")).status_code == 200
