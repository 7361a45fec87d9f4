"""Public pages: every page answers, links reach everything, query counts stay flat."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client

from content import models
from tests.factories import MethodFactory, make_guide

pytestmark = pytest.mark.django_db

STATIC_PAGES = [
    "/",
    "/approaches/",
    "/methods/",
    "/case-examples/",
    "/principles/",
    "/glossary/",
    "/about/",
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str, base: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    out = set()
    for href in parser.hrefs:
        url = urlparse(urljoin(base, href))
        if not url.netloc or url.netloc == "testserver":
            out.add(url.path)
    return out


def _detail_pages() -> list[str]:
    return (
        [a.get_absolute_url() for a in models.Approach.objects.all()]
        + [m.get_absolute_url() for m in models.Method.objects.all()]
        + [c.get_absolute_url() for c in models.CaseExample.objects.all()]
    )


@pytest.mark.parametrize("path", STATIC_PAGES)
def test_static_page_answers_200(client, path):
    assert client.get(path).status_code == 200


def test_every_detail_page_answers_200(client):
    for path in _detail_pages():
        assert client.get(path).status_code == 200, path


def test_every_page_is_reached_from_home_by_links_alone(client):
    seen: set[str] = set()
    queue = ["/"]
    while queue:
        path = queue.pop()
        if path in seen or path.startswith(("/admin", "/static", "/plan", "/api")):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            queue.extend(_links(response.content.decode(), path) - seen)

    expected = set(STATIC_PAGES) | set(_detail_pages())
    assert expected <= seen, sorted(expected - seen)


def test_healthz_checks_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_unknown_page_is_a_helpful_styled_404(client):
    response = client.get("/methods/no-such-method/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'href="/approaches/"' in response.content
    assert b"nhsuk-header" in response.content


def test_approach_page_shows_the_practical_considerations_table(client):
    response = client.get("/approaches/piloting-and-rolling-out/")

    html = response.content.decode()
    for column in ("Stage of development", "Audience and scale", "Resources needed", "Timeframe"):
        assert column in html
    assert "Demonstrator sites" in html


def test_case_example_page_shows_its_combination_as_phases(client):
    response = client.get("/case-examples/transfer-of-care-around-medicines-tcam/")

    html = response.content.decode()
    assert html.count('class="sg-timeline__phase"') == 4
    assert 'href="/methods/contractual-obligation/"' in html


def test_glossary_has_an_anchor_per_term(client):
    html = client.get("/glossary/").content.decode()

    for slug in models.GlossaryTerm.objects.values_list("slug", flat=True):
        assert f'id="{slug}"' in html


def test_inferred_items_are_labelled_as_our_summary(client):
    method = models.Method.objects.filter(our_summary=True).first()

    html = client.get(method.get_absolute_url()).content.decode()

    assert "Our summary" in html
    assert "not NHS wording" in html


def test_about_page_credits_every_source(client):
    html = client.get("/about/").content.decode()

    for title in models.Source.objects.values_list("title", flat=True):
        assert title in html


def test_approaches_filter_by_level_motivation_and_complexity(client):
    html = client.get(
        "/approaches/", {"level": "national", "motivation": "intrinsic", "complexity": "complex"}
    ).content.decode()

    for method in models.Method.objects.all():
        shown = f'href="{method.get_absolute_url()}"' in html
        matches = (
            "national" in method.levels
            and method.motivation in ("intrinsic", "mixed")
            and "complex" in method.complexity
        )
        assert shown == matches, method.slug


def test_methods_filter_excludes_what_does_not_fit(client):
    html = client.get("/methods/", {"complexity": "complex"}).content.decode()

    for method in models.Method.objects.all():
        assert (f'href="{method.get_absolute_url()}"' in html) == (
            "complex" in method.complexity
        ), method.slug


def test_unknown_filter_value_shows_everything_and_no_error(client):
    response = client.get("/methods/", {"level": "galactic"})

    assert response.status_code == 200
    assert response.content.decode().count('href="/methods/') >= 34


def test_draft_method_is_hidden_from_public_pages(client):
    models.Method.objects.filter(slug="horizon-scanning").update(status="draft")

    assert client.get("/methods/horizon-scanning/").status_code == 404
    assert b"/methods/horizon-scanning/" not in client.get("/methods/").content
    assert (
        b"/methods/horizon-scanning/"
        not in client.get("/approaches/identifying-and-communicating-priorities/").content
    )


def test_hostile_markdown_is_rendered_inert(client):
    models.Method.objects.filter(slug="network").update(
        description='<script>alert(1)</script> <img src=x onerror="alert(2)"> '
        "[click](javascript:alert(3)) <iframe src='https://evil.example'></iframe>"
    )

    html = client.get("/methods/network/").content.decode()

    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html


# Query budgets: measured on the shipped guide, then checked against a guide ten times larger.
# Each includes one query of the conditional-GET middleware (the guide revision, for the ETag).
PAGE_BUDGETS = {
    "/": 3,
    "/approaches/": 3,
    "/methods/": 2,
    "/case-examples/": 3,
    "/principles/": 3,
    "/glossary/": 3,
    "/about/": 2,
}


def _detail_budget_paths() -> dict[str, int]:
    approach = models.Approach.objects.order_by("order").first()
    method = models.Method.objects.order_by("pk").first()
    case = models.CaseExample.objects.order_by("pk").first()
    return {
        approach.get_absolute_url(): 5,
        method.get_absolute_url(): 5,
        case.get_absolute_url(): 4,
    }


def _assert_budgets(django_assert_max_num_queries) -> None:
    client = Client()
    for path, budget in {**PAGE_BUDGETS, **_detail_budget_paths()}.items():
        with django_assert_max_num_queries(budget, info=path):
            assert client.get(path).status_code == 200


def test_pages_stay_within_query_budget_on_the_shipped_guide(django_assert_max_num_queries):
    _assert_budgets(django_assert_max_num_queries)


def test_pages_stay_within_the_same_budget_on_a_guide_ten_times_larger(
    empty_guide, django_assert_max_num_queries
):
    make_guide(approaches=7, methods_per_approach=50, cases=40)
    assert models.Method.objects.count() == 350

    _assert_budgets(django_assert_max_num_queries)


def test_method_detail_lists_case_examples_without_a_query_per_case(
    empty_guide, django_assert_max_num_queries
):
    method = MethodFactory()
    from tests.factories import CombinationStepFactory

    for _ in range(20):
        CombinationStepFactory(method=method)

    with django_assert_max_num_queries(5):
        response = Client().get(method.get_absolute_url())

    assert response.content.decode().count("/case-examples/case-example-") == 20
