"""The JSON API and its OpenAPI schema."""

from urllib.parse import urlencode

import jsonschema_rs
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selector.answers import answers_to_query
from selector.questions import QUESTIONS, REQUIRED_SINGLE_QUESTIONS
from tests.conftest import clear_caches
from tests.factories import make_guide

from .engine_support import TYPICAL

URL = "/api/recommendation"
TOP_KEYS = {
    "not_recommended",
    "robustness",
    "score_scale",
    "answers",
    "ready_to_spread",
    "readiness",
    "readiness_label",
    "readiness_advice",
    "approaches",
    "methods",
    "plan",
    "case_examples",
    "permalink",
    "content_version",
}


def query(**changes):
    return answers_to_query({**TYPICAL, **changes})


@pytest.fixture
def schema(client):
    return client.get("/api/schema").json()


def validate(schema, component, body):
    document = {**schema["components"]["schemas"][component], "components": schema["components"]}
    jsonschema_rs.validator_for(document).validate(body)


# --- 200 ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_full_answer_set_gives_the_documented_shape(client):
    response = client.get(f"{URL}?{query(audience=['clinicians'])}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == TOP_KEYS
    assert len(body["approaches"]) == 7
    assert set(body["approaches"][0]) == {"slug", "name", "score", "rank", "reasons"}
    assert set(body["methods"][0]) == {
        "slug",
        "name",
        "kind",
        "approach",
        "score",
        "recommended",
        "reasons",
        "considerations",
        "function",
        "role",
        "caveat",
    }
    assert all(isinstance(r, str) for m in body["methods"] for r in m["reasons"])
    assert set(body["plan"]["phases"][0]) == {"name", "title", "when", "methods", "concurrent"}
    assert set(body["case_examples"][0]) == {"slug", "title", "similarity", "shared"}
    neutral = {"intervention": "", "spread_so_far": "", "lead": "", "setting_complexity": ""}
    assert body["answers"] == {**TYPICAL, **neutral, "audience": ["clinicians"]}


@pytest.mark.django_db
def test_the_new_questions_are_accepted_and_change_what_is_ruled_out(client, schema):
    plain = client.get(f"{URL}?{query()}&methods=all").json()
    # A practice: no lever held back while the kind was unknown comes back for it.
    led = client.get(f"{URL}?{query()}&lead=provider&intervention=practice&methods=all").json()
    validate(schema, "Recommendation", led)
    assert led["answers"]["lead"] == "provider"
    ruled = {n["slug"]: n for n in led["not_recommended"]}
    assert {n["slug"] for n in plain["not_recommended"]} < set(ruled)
    assert ruled["contractual-obligation"]["rule"] == "lever-in-other-hands"
    assert "a provider" in ruled["contractual-obligation"]["sentence"]


@pytest.mark.django_db
def test_the_response_states_the_score_scale_and_how_firm_the_result_is(client):
    body = client.get(f"{URL}?{query()}").json()
    scale = body["score_scale"]
    assert (scale["min"], scale["max"], scale["neutral"]) == (0, 100, 50)
    assert f"within {scale['margin']} points" in scale["description"]
    ranks = [a["rank"] for a in body["approaches"]]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    robustness = body["robustness"]
    assert 0 <= robustness["holds"] <= robustness["of"]
    assert len(robustness["changes"]) == robustness["of"] - robustness["holds"]
    assert f"of {robustness['of']}" in robustness["sentence"]


@pytest.mark.django_db
def test_an_unknown_value_for_a_new_question_is_refused(client):
    response = client.get(f"{URL}?{query()}&lead=king")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"lead"}


@pytest.mark.django_db
def test_the_response_matches_the_published_schema(client, schema):
    for changes in ({}, {"evidence": "limited", "funding": "none"}, {"audience": ["industry"]}):
        body = client.get(f"{URL}?{query(**changes)}").json()
        validate(schema, "Recommendation", body)


@pytest.mark.django_db
def test_methods_come_best_first_and_recommended_ones_are_flagged(client):
    body = client.get(f"{URL}?{query()}").json()
    ruled_out = {n["slug"] for n in body["not_recommended"]}
    # The methods that could be used come first, best first; then the ruled-out ones.
    usable = [m["score"] for m in body["methods"] if m["slug"] not in ruled_out]
    assert usable == sorted(usable, reverse=True)
    assert [m["slug"] in ruled_out for m in body["methods"]] == sorted(
        m["slug"] in ruled_out for m in body["methods"]
    )
    recommended = {m["slug"] for m in body["methods"] if m["recommended"]}
    planned = {s for phase in body["plan"]["phases"] for s in phase["methods"]}
    assert recommended == planned and 2 <= len(recommended) <= 8
    assert not recommended & ruled_out
    assert all(m["role"] and m["function"] for m in body["methods"] if m["recommended"])


@pytest.mark.django_db
def test_the_permalink_is_the_absolute_canonical_result_url(client):
    shuffled = urlencode(
        [("funding", "substantial"), *((k, v) for k, v in TYPICAL.items() if k != "funding")]
    )
    body = client.get(f"{URL}?{shuffled}").json()
    assert body["permalink"] == f"http://testserver/plan/result?{query()}"


@pytest.mark.django_db
def test_limited_evidence_reports_not_ready_with_advice(client):
    body = client.get(f"{URL}?{query(evidence='limited')}").json()
    assert body["ready_to_spread"] is False
    assert "not ready to spread" in body["readiness_advice"]


@pytest.mark.django_db
def test_the_content_version_is_the_snapshot_version(client):
    from content.snapshot import get_snapshot

    assert client.get(f"{URL}?{query()}").json()["content_version"] == get_snapshot().version


@pytest.mark.django_db
def test_head_is_allowed(client):
    assert client.head(f"{URL}?{query()}").status_code == 200


# --- 400 and other errors ------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_answers_name_every_required_field(client, schema):
    response = client.get(URL)
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {q.name for q in REQUIRED_SINGLE_QUESTIONS}
    validate(schema, "Errors", body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (query(funding="lots"), "funding"),
        (query() + "&level=local", "level"),
        (query(capacity=""), "capacity"),
        (query().replace("capacity=moderate", "capacity="), "capacity"),
        (query(audience=["aliens"]), "audience"),
        (query() + "&complexity=%00%ff", "complexity"),
    ],
    ids=["unknown-value", "repeated", "missing", "empty-string", "unknown-audience", "garbage"],
)
def test_each_kind_of_bad_answer_is_a_400_naming_the_field(client, raw, field):
    response = client.get(f"{URL}?{raw}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["errors"][field][0]


@pytest.mark.django_db
def test_an_oversized_query_is_refused_with_json(client, settings, schema):
    response = client.get(f"{URL}?{query()}&pad={'x' * settings.MAX_QUERY_STRING_LENGTH}")
    assert response.status_code == 414
    assert response.json()["errors"]
    validate(schema, "Errors", response.json())


@pytest.mark.django_db
def test_too_many_parameters_are_refused_with_json(client):
    response = client.get(f"{URL}?{'&' * 1000}")
    assert response.status_code == 400
    assert "__all__" in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_not_allowed(client, method):
    response = getattr(client, method)(f"{URL}?{query()}")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert "method" in response.json()["errors"]


# --- Query counts --------------------------------------------------------------------------------


# Cold: the ETag's revision check, the snapshot's, and building the snapshot; warm: the checks.
COLD_QUERIES = 12
WARM_QUERIES = 2


@pytest.mark.django_db
def test_the_api_issues_a_small_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(COLD_QUERIES):
        client.get(f"{URL}?{query()}")
    with django_assert_max_num_queries(WARM_QUERIES):
        client.get(f"{URL}?{query(funding='none')}")


def test_the_query_count_does_not_grow_with_ten_times_the_content(client, empty_guide):
    def cold_count():
        clear_caches()  # the test transaction never commits, so the revision is not bumped
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{URL}?{query()}&methods=all")
        assert response.status_code == 200
        return len(queries), len(response.json()["methods"])

    make_guide(approaches=7, methods_per_approach=5, cases=4)
    small, methods = cold_count()
    make_guide(approaches=63, methods_per_approach=5, cases=36)
    large, more_methods = cold_count()
    assert more_methods == 10 * methods
    assert large == small <= COLD_QUERIES


# --- The schema --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_schema_is_openapi_3_1_generated_from_the_questions(schema):
    assert schema["openapi"].startswith("3.1")
    operation = schema["paths"]["/api/recommendation"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert list(parameters) == [*(q.name for q in QUESTIONS), "methods"]
    for q in QUESTIONS:
        enum = (
            parameters[q.name]["schema"]["items"] if q.multiple else parameters[q.name]["schema"]
        )["enum"]
        assert enum == list(q.values)
        assert parameters[q.name]["required"] is q.required
    assert {"200", "400", "414"} <= set(operation["responses"])


@pytest.mark.django_db
def test_the_schema_itself_is_get_only(client):
    assert client.post("/api/schema").status_code == 405


# --- The bounded method list -------------------------------------------------------------------


def _listed(client, extra: str = "") -> list[dict]:
    response = client.get(f"{URL}?{query()}{extra}")
    assert response.status_code == 200
    return response.json()["methods"]


@pytest.mark.django_db
def test_by_default_the_methods_are_the_plan_and_the_best_others(client):
    from selector.api import TOP_METHODS

    everything = _listed(client, "&methods=all")
    listed = _listed(client)
    expected = [m for i, m in enumerate(everything) if m["recommended"] or i < TOP_METHODS]
    assert listed == expected
    assert len(listed) < len(everything)


@pytest.mark.django_db
def test_by_default_the_not_recommended_list_is_bounded_too(client):
    from selector.api import TOP_METHODS

    q = query(lead="provider", funding="none", evidence="limited")
    everything = client.get(f"{URL}?{q}&methods=all").json()["not_recommended"]
    listed = client.get(f"{URL}?{q}").json()["not_recommended"]
    assert len(everything) > TOP_METHODS  # else the bound is not exercised
    assert listed == everything[:TOP_METHODS]


@pytest.mark.django_db
def test_an_unknown_methods_value_is_a_400_naming_it(client):
    response = client.get(f"{URL}?{query()}&methods=some")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["methods"]


def test_the_default_answer_stays_small_with_ten_times_the_content(client, empty_guide):
    make_guide(approaches=7, methods_per_approach=5, cases=4)
    small = len(client.get(f"{URL}?{query()}").content)
    clear_caches()
    make_guide(approaches=1, methods_per_approach=315, cases=0)  # ten times the methods
    large = client.get(f"{URL}?{query()}")
    assert large.status_code == 200
    assert len(large.content) < 1.5 * small
