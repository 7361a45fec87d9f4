"""Exports cannot be turned against the person who opens them."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import tablib
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from markdown_it import MarkdownIt

from content import models
from content.resources import MethodResource, SafeCSV
from tests.factories import make_editor
from tests.selector.plans_support import typical_query

pytestmark = pytest.mark.django_db

EVIL_URL = "https://evil.example/x>)[x](javascript:alert(1))"
FORMULAS = {
    "summary": '=HYPERLINK("https://evil.example","Click")',
    "timeframe": "+1+cmd|' /C calc'!A0",
    "resources_needed": "@SUM(1+1)",
}


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


def _links(markdown: str) -> list[str]:
    return [
        token.attrs["href"]
        for block in MarkdownIt().parse(markdown)
        for token in block.children or []
        if token.type == "link_open"
    ]


def test_a_hostile_source_url_cannot_break_out_of_a_markdown_link(client):
    models.Source.objects.update(url=EVIL_URL)
    cache.clear()
    url = reverse("selector:answers-export", kwargs={"fmt": "md"}) + "?" + typical_query()
    text = client.get(url).content.decode()
    hrefs = _links(text)
    assert any(h.startswith("https://evil.example/") for h in hrefs)
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    assert "](javascript:" not in text


def _export(client, file_format: int) -> bytes:
    fields = {f"methodresource_{name}": "on" for name in MethodResource._meta.fields}
    response = client.post(
        reverse("admin:content_method_export"),
        {"format": str(file_format), "resource": "0", **fields},
    )
    assert response.status_code == 200
    return response.content


def test_the_methods_csv_export_writes_formulas_as_text(editor):
    models.Method.objects.filter(slug="network").update(**FORMULAS)
    rows = list(csv.DictReader(io.StringIO(_export(editor, 0).decode("utf-8-sig"))))
    row = next(r for r in rows if r["slug"] == "network")
    for field, value in FORMULAS.items():
        assert row[field] == "'" + value


def test_the_methods_xlsx_export_writes_formulas_as_text(editor):
    models.Method.objects.filter(slug="network").update(**FORMULAS)
    sheet = openpyxl.load_workbook(io.BytesIO(_export(editor, 1))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith("=")]


def test_a_neutralised_export_imports_back_unchanged():
    models.Method.objects.filter(slug="network").update(examples="- A list item.", **FORMULAS)
    exported = MethodResource().export(models.Method.objects.filter(slug="network"))
    text = SafeCSV().export_data(exported)
    assert "'- A list item." in text
    read_back = SafeCSV().create_dataset(text)
    row = dict(zip(read_back.headers, read_back[0], strict=True))
    assert row["examples"] == "- A list item."
    assert {field: row[field] for field in FORMULAS} == FORMULAS


def test_a_methods_csv_without_a_slug_column_says_so_without_a_traceback(editor):
    data = tablib.Dataset(headers=["name", "summary"])
    data.append(["Network", "Changed"])
    upload = SimpleUploadedFile("methods.csv", data.export("csv").encode())
    response = editor.post(
        reverse("admin:content_method_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file has no slug column" in html
    assert "Traceback" not in html
    assert "site-packages" not in html
    assert models.Method.objects.get(slug="network").summary != "Changed"
