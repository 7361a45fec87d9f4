"""Hostile or broken guide zips are refused quickly, clearly, and with nothing changed."""

from __future__ import annotations

import io
import random
import string
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from content import models
from content.guide_exporter import export_guide
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/content/tools/import/"
REFUSAL_SECONDS = 5


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


@pytest.fixture
def guide_files(tmp_path) -> dict[str, bytes]:
    export_guide(tmp_path)
    return {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*.yaml")}


def _zip(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _patch_headers(data: bytes, *, local_offset: int, central_offset: int, value: int) -> bytes:
    """Overwrite a two-byte field in every local and central header of a zip."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            out[start + offset : start + offset + 2] = value.to_bytes(2, "little")
            start += 4
    return bytes(out)


def _state() -> list:
    return [
        list(models.Method.objects.order_by("slug").values_list("slug", "name", "summary")),
        list(models.GlossaryTerm.objects.order_by("slug").values_list("slug", "definition")),
        list(models.Source.objects.order_by("slug").values_list("slug", "title", "note")),
        models.Consideration.objects.count(),
    ]


def _refused(client, data: bytes) -> str:
    """Upload data; check it is refused in time with nothing changed; return the message."""
    before = _state()
    assert client.get(IMPORT_URL).status_code == 200  # a warm process: imports done, as in service
    started = time.monotonic()
    response = client.post(IMPORT_URL, {"guide": SimpleUploadedFile("guide.zip", data)})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < REFUSAL_SECONDS, elapsed
    error = response.context.get("error")
    assert error, "the upload was not refused"
    assert "payload" not in response.context
    assert _state() == before
    assert "/tmp" not in error and "guide-import-" not in error
    return error


def _alias_bomb(depth: int) -> bytes:
    lines = ['- slug: a0\n  term: "Laugh"\n  definition: &a0 "lol"']
    for i in range(1, depth + 1):
        lines.append(f"- &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    return ("\n".join(lines) + "\n").encode()


def test_an_alias_bomb_is_refused(editor, guide_files):
    guide_files["glossary.yaml"] = _alias_bomb(7)
    error = _refused(editor, _zip(guide_files))
    assert "glossary.yaml" in error
    assert "aliases" in error


def test_a_single_alias_is_refused(editor, guide_files):
    terms = yaml.safe_load(guide_files["glossary.yaml"])
    text = yaml.safe_dump(terms, sort_keys=False)
    first = terms[0]["definition"]
    text = text.replace(f"definition: {first}", "definition: &d shared", 1)
    text += "- slug: extra\n  term: Extra\n  definition: *d\n"
    guide_files["glossary.yaml"] = text.encode()
    assert "aliases" in _refused(editor, _zip(guide_files))


def test_a_list_where_text_is_expected_is_refused(editor, guide_files):
    terms = yaml.safe_load(guide_files["glossary.yaml"])
    terms[0]["definition"] = ["a", "list"]
    guide_files["glossary.yaml"] = yaml.safe_dump(terms).encode()
    error = _refused(editor, _zip(guide_files))
    assert "definition" in error and "expected text" in error


def test_an_overlong_field_is_refused(editor, guide_files):
    terms = yaml.safe_load(guide_files["glossary.yaml"])
    terms[0]["definition"] = "word " * 20_000
    guide_files["glossary.yaml"] = yaml.safe_dump(terms).encode()
    assert "longer than" in _refused(editor, _zip(guide_files))


def test_a_nine_megabyte_yaml_file_is_refused(editor, guide_files):
    rng = random.Random(11)
    filler = "".join(rng.choice(string.ascii_lowercase + " ") for _ in range(4000))
    entries = [
        f"- slug: t-{i}\n  term: Term {i}\n  definition: {filler[i % 1000 :]}{i}\n"
        for i in range(2600)
    ]
    big = "".join(entries).encode()
    assert len(big) > 9_000_000
    guide_files["glossary.yaml"] = big
    data = _zip(guide_files)
    assert len(data) < 1_000_000  # inside the upload limit: only the unzipped size is too big
    _refused(editor, data)


def test_non_utf8_yaml_is_refused(editor, guide_files):
    guide_files["sources.yaml"] = guide_files["sources.yaml"] + "- slug: café\n".encode("latin-1")
    error = _refused(editor, _zip(guide_files))
    assert "sources.yaml" in error and "UTF-8" in error


def test_a_corrupt_deflate_stream_is_refused(editor, guide_files):
    data = bytearray(_zip(guide_files))
    name = b"glossary.yaml"
    body = data.find(name) + len(name)  # the first mention is the local header; no extra field
    for i in range(body + 10, body + 60):  # damage the compressed bytes, not the headers
        data[i] ^= 0xFF
    assert "damaged" in _refused(editor, bytes(data))


def test_an_unknown_compression_method_is_refused(editor, guide_files):
    data = _patch_headers(_zip(guide_files), local_offset=8, central_offset=10, value=99)
    assert "compression" in _refused(editor, data)


def test_bzip2_compression_is_refused_as_unsupported(editor, guide_files):
    assert "compression" in _refused(editor, _zip(guide_files, zipfile.ZIP_BZIP2))


def test_an_encrypted_member_is_refused(editor, guide_files):
    data = _patch_headers(_zip(guide_files), local_offset=6, central_offset=8, value=0x1)
    assert "encrypted" in _refused(editor, data)


def test_a_zip_bomb_is_refused(editor, guide_files):
    guide_files["glossary.yaml"] = b" " * 50_000_000
    assert "expands" in _refused(editor, _zip(guide_files))


def test_a_broken_file_is_named_by_its_place_in_the_zip_not_a_server_path(editor, guide_files):
    guide_files["approaches/01-broken.yaml"] = b"slug: [unclosed\n"
    error = _refused(editor, _zip(guide_files))
    assert error.startswith("approaches/01-broken.yaml: line "), error


def test_the_shipped_guide_still_reads_within_the_limits(editor, guide_files):
    response = editor.post(
        IMPORT_URL, {"guide": SimpleUploadedFile("guide.zip", _zip(guide_files))}
    )
    assert response.context.get("error") is None
    assert response.context["report"].is_empty


def test_load_guide_refuses_aliases_in_the_content_folder(tmp_path: Path):
    from content.guide_loader import GuideFileError, read_guide

    export_guide(tmp_path)
    (tmp_path / "glossary.yaml").write_bytes(_alias_bomb(3))
    with pytest.raises(GuideFileError, match="aliases"):
        read_guide(tmp_path)
