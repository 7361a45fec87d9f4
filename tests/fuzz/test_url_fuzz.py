"""Hypothesis over the wizard, result, export and API URLs: no query string gives a 5xx.

Paths come from two places: the URLs fixed in the issues (so the test bites as soon as they
exist) and every GET route registered under the ``selector`` namespace (so new wizard steps
are fuzzed without editing this file). Routes not built yet answer 404, which passes.
"""

import contextlib
import secrets
from urllib.parse import quote, urlencode

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selector.scenarios import TYPICAL_ANSWERS

QUESTIONS = {
    "evidence": ["strong", "promising", "limited"],
    "complexity": ["simple", "complicated", "complex"],
    "level": ["local", "regional", "national"],
    "audience_size": ["small", "medium", "large"],
    "audience": [
        "clinicians",
        "managers",
        "commissioners",
        "patients-public",
        "voluntary-sector",
        "industry",
    ],
    "motivation": ["extrinsic", "intrinsic", "mixed"],
    "energy": ["low", "moderate", "high"],
    "timescale": ["short", "medium", "long"],
    "funding": ["none", "limited", "substantial"],
    "capacity": ["limited", "moderate", "substantial"],
}
FORMATS = ["docx", "md", "csv", "json", "xlsx", "../pdf", "PDF"]
TYPICAL = TYPICAL_ANSWERS.as_dict()
FAKE_KEY = secrets.token_urlsafe(32)
EXTRA = {
    "step",
    "change",
    "whatif",
    "what_if",
    "preview",
    "format",
    "page",
    "q",
    "next",
    "back",
    "to",
    "",
}

names = st.sampled_from(sorted(QUESTIONS) + sorted(EXTRA)) | st.text(max_size=12)
values = (
    st.sampled_from(sorted({v for vs in QUESTIONS.values() for v in vs}))
    | st.text(max_size=50)
    | st.sampled_from(["", " ", "0", "-1", "null", "[]", "{}", "a" * 41, "%", "\x00", "é"])
)


@st.composite
def query_strings(draw):
    """Mostly answer-shaped queries (valid, missing, repeated, unknown, odd values), some raw."""
    kind = draw(st.sampled_from(["answers", "answers", "pairs", "raw"]))
    if kind == "raw":
        raw = draw(st.text(max_size=300))
        return quote(raw, safe="=&%+;/?")  # keeps '%' so broken escapes like %zz get through
    pairs = []
    if kind == "answers":
        base = dict(TYPICAL)
        for name in draw(st.lists(st.sampled_from(sorted(QUESTIONS)), max_size=4, unique=True)):
            base.pop(name)
        pairs = [
            (name, value)
            for name, given in base.items()
            for value in (given if isinstance(given, list) else [given])
        ]
    pairs += draw(st.lists(st.tuples(names, values), max_size=12))
    return urlencode(draw(st.permutations(pairs)))


def _selector_paths() -> set[str]:
    """Every route under the selector namespace, with plausible and implausible arguments."""
    samples = {
        "fmt": ["md", "csv", "nope"],
        "format": ["md", "csv", "nope"],
        "key": [FAKE_KEY, "short"],
    }
    default = [*QUESTIONS, "result", "check", "nonsense"]
    paths = set()
    for entry in get_resolver().url_patterns:
        if not (isinstance(entry, URLResolver) and entry.namespace == "selector"):
            continue
        for pattern in entry.url_patterns:
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            args = list(pattern.pattern.regex.groupindex)
            choices = [samples.get(a, default) for a in args] or [[]]
            for i in range(max(len(c) for c in choices)):
                kwargs = {a: c[i % len(c)] for a, c in zip(args, choices, strict=False)}
                with contextlib.suppress(NoReverseMatch):
                    paths.add(reverse(f"selector:{pattern.name}", kwargs=kwargs))
    return paths


FIXED_PATHS = {
    "/plan/",
    "/plan/result",
    "/plan/check/",
    "/plan/what-if",
    "/api/recommendation",
    *(f"/plan/export/{fmt}" for fmt in FORMATS),
    f"/plans/{FAKE_KEY}/",
    *(f"/plans/{FAKE_KEY}/export/{fmt}" for fmt in FORMATS),
    "/approaches/",
    "/methods/",
}
PATHS = sorted(FIXED_PATHS | _selector_paths())
PATHS_NO_PDF = [p for p in PATHS if "pdf" not in p]


def _get(client, path, query):
    response = client.get(f"{path}?{query}" if query else path, HTTP_ACCEPT="text/html")
    assert response.status_code < 500, (path, query, response.status_code)
    return response


@pytest.mark.django_db
@settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(PATHS_NO_PDF), query=query_strings())
def test_no_query_string_gives_a_server_error(client, path, query):
    _get(client, path, query)


@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_strings())
def test_pdf_export_never_gives_a_server_error(client, query):
    _get(client, "/plan/export/pdf", query)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_oversized_query_is_refused_cleanly(client, path):
    response = client.get(f"{path}?{TYPICAL_ANSWERS.to_query()}&note={'x' * 5000}")
    assert response.status_code == 414
