"""The shipped guide's content: current names, corrected facts, real examples, marked judgements.

Each test pins one correction from the content audit, so a later edit cannot quietly undo it.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from django.test import Client

from content import models
from content.guide_format import DEFAULT_GUIDE_DIR
from content.snapshot import build_snapshot

pytestmark = pytest.mark.django_db

# Keys whose values are identifiers or addresses, not prose a reader sees.
NOT_PROSE = {"slug", "url", "sources", "method", "status", "topic", "kind"}


def _prose(node, key=None):
    """Every prose string in a parsed content file, one per field."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _prose(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _prose(v, key)
    elif isinstance(node, str) and key not in NOT_PROSE:
        yield node


def _guide_prose() -> list[tuple[str, str]]:
    out = []
    for path in sorted(Path(DEFAULT_GUIDE_DIR).rglob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if path.name == "sources.yaml":
            # A source's title is the cited page's own title, quoted as published.
            data = [{k: v for k, v in source.items() if k != "title"} for source in data]
        for text in _prose(data):
            out.append((path.name, " ".join(text.split())))
    return out


def _sentence_around(text: str, start: int) -> str:
    begin = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start), text.rfind("- ", 0, start))
    end_match = re.search(r"[.;](\s|$)", text[start:])
    end = start + end_match.end() if end_match else len(text)
    return text[begin + 1 : end]


# A retired name may appear only where the same sentence gives the current one. AHSNs are
# checked at their first mention in each field: later mentions in the same text may be short.
RETIRED = (
    (
        "AHSN",
        re.compile(r"\bAHSNs?\b|Academic Health Science Networks?"),
        ("Health Innovation",),
        True,
    ),
    ("NHS Improvement", re.compile(r"\bNHS Improvement\b"), ("NHS England",), False),
    ("tariff", re.compile(r"\btariffs?\b", re.IGNORECASE), ("NHS Payment Scheme",), True),
    (
        "Welsh Ambulance Services NHS Trust",
        re.compile(r"Welsh Ambulance Services? NHS Trust"),
        ("University",),
        False,
    ),
    ("Model Hospital", re.compile(r"\bModel Hospital\b"), ("Model Health System",), False),
)


def retired_name_problems(text: str) -> list[str]:
    problems = []
    for label, pattern, current, first_only in RETIRED:
        matches = list(pattern.finditer(text))[:1] if first_only else pattern.finditer(text)
        for match in matches:
            sentence = _sentence_around(text, match.start())
            if not any(name in sentence for name in current):
                problems.append(f"{label}: {sentence.strip()[:120]}")
    return problems


@pytest.mark.parametrize(
    "text",
    [
        "Your local AHSN may already offer this kind of help.",
        "NHS Improvement publishes the data.",
        "Best practice tariffs pay more for care delivered the recommended way.",
        "The Welsh Ambulance Services NHS Trust developed a framework.",
        "Tools such as the Model Hospital compare trusts.",
    ],
)
def test_the_retired_names_check_catches_present_tense_use(text):
    assert retired_name_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "The AHSN Network (now the Health Innovation Network) ran it. The AHSNs helped.",
        "Best practice tariffs under the former national tariff (replaced by the NHS Payment "
        "Scheme in April 2023) paid more.",
        "The Welsh Ambulance Services University NHS Trust developed a framework.",
        "The Model Health System grew out of the Model Hospital.",
    ],
)
def test_the_retired_names_check_accepts_names_given_with_their_successor(text):
    assert retired_name_problems(text) == []


def test_the_guide_uses_no_retired_name_in_the_present_tense():
    problems = [
        f"{name}: {problem}"
        for name, text in _guide_prose()
        for problem in retired_name_problems(text)
    ]

    assert problems == []


def _all_prose() -> str:
    return "\n".join(text for _, text in _guide_prose())


def _method(slug: str) -> models.Method:
    return models.Method.objects.get(slug=slug)


def _flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- current names and facts


@pytest.mark.parametrize(
    "phrase",
    [
        "Health Innovation Network",
        "integrated care board",
        "10 Year Health Plan",
        "Welsh Ambulance Services University NHS Trust",
        "NHS Payment Scheme",
        "Model Health System",
        "paused for 2024/25",
        "suspended for 2020/21 and 2021/22",
        "statutory funding requirement",
        "£9 million",
    ],
)
def test_the_guide_states_the_current_fact(phrase):
    assert phrase.lower() in _all_prose().lower()


def test_money_is_written_in_pounds_not_gbp():
    assert "GBP" not in _all_prose()


def test_no_method_repeats_the_our_summary_disclaimer_in_its_prose():
    for method in models.Method.objects.all():
        assert "this is our" not in _flat(method.description).lower(), method.slug


# ---------------------------------------------------------------- the errors (a) to (g)


def test_broad_education_keeps_its_exact_name_and_its_address():
    method = _method("broad-education-and-personal-development")

    assert method.name == "Broad education / personal development"
    assert Client().get(method.get_absolute_url()).status_code == 200


def test_before_you_choose_puts_proof_of_concept_before_any_spread():
    body = _flat(models.Topic.objects.get(slug="before-you-choose").body)

    assert "for example through [demonstrator sites]" not in body
    assert "before any spread activity" in body


def test_adaptive_space_and_the_basic_step_case_tell_the_same_story():
    topic = _flat(models.Topic.objects.get(slug="adaptive-space").body)
    case = _flat(models.CaseExample.objects.get(slug="nwas-basic-step").description)

    assert "unplanned idea" not in topic
    assert "rearranged" in topic and "rearranged" in case


def test_the_af_demonstrator_programme_is_credited_to_nhs_england():
    case = _flat(
        models.CaseExample.objects.get(
            slug="atrial-fibrillation-detect-protect-perfect"
        ).description
    )

    assert (
        "£9 million [demonstrator](/methods/demonstrator-sites/) programme, run by NHS England"
        in case
    )
    for partner in ("Public Health England", "NHS RightCare", "British Heart Foundation"):
        assert partner in case


def test_tcam_no_longer_starts_in_the_north_east():
    case = _flat(
        models.CaseExample.objects.get(slug="transfer-of-care-around-medicines-tcam").description
    )

    assert "North East" not in case
    assert "Newcastle" in case and "2016" in case


def test_nasss_lists_all_seven_domains_including_the_value_proposition():
    definition = _flat(models.GlossaryTerm.objects.get(slug="nasss").definition)

    assert "seven domains" in definition
    assert "value proposition" in definition


def test_nice_appraisals_carry_a_funding_requirement_not_an_expectation():
    examples = _flat(_method("national-guidance-and-standards").examples)

    assert "normally expected to fund" not in examples
    assert "statutory funding requirement" in examples


# ---------------------------------------------------------------- engine attributes


@pytest.mark.parametrize(
    ("slug", "field", "wrong"),
    [
        ("competition-and-crowdsourcing", "time_to_effect", "short"),
        ("storytelling-awards-and-communication-campaigns", "energy", "moderate"),
        ("dedicated-resource-provision", "motivation", "intrinsic"),
        ("contractual-obligation", "cost", "low"),
    ],
)
def test_a_corrected_method_attribute_stays_corrected_and_says_why(slug, field, wrong):
    method = _method(slug)

    assert getattr(method, field) != wrong
    assert method.assessed.get(field)


def test_rolling_out_suits_complex_interventions_like_the_cases_that_used_it():
    method = _method("rolling-out")
    complex_cases = models.CaseExample.objects.filter(complexity="complex", steps__method=method)

    assert complex_cases.exists()
    assert "complex" in method.complexity
    assert method.assessed.get("complexity")


@pytest.mark.parametrize(
    ("slug", "wrong"), [("nwas-basic-step", "regional"), ("wast-falls-framework", "national")]
)
def test_a_single_trust_case_is_recorded_at_local_level(slug, wrong):
    case = models.CaseExample.objects.get(slug=slug)

    assert wrong not in case.levels
    assert case.levels == ["local"]
    assert case.assessed.get("levels")


# ---------------------------------------------------------------- real examples and sources

# Sources about the collation itself; a real example needs a source about the example.
COLLATION_SOURCES = {
    "nhse-approaches-to-spread-and-scale",
    "nhse-leading-spread-and-adoption-guide",
    "nhs-horizons-blog",
}


def test_every_method_names_a_dated_real_example():
    undated = [
        m.slug for m in models.Method.objects.all() if not re.search(r"\b(19|20)\d\d\b", m.examples)
    ]

    assert undated == []


def test_every_method_cites_a_source_about_its_example():
    unsourced = [
        m.slug
        for m in models.Method.objects.prefetch_related("sources")
        if not {s.slug for s in m.sources.all()} - COLLATION_SOURCES
    ]

    assert unsourced == []


def test_every_source_points_to_a_specific_page():
    home_pages = [s.slug for s in models.Source.objects.all() if urlparse(s.url).path in ("", "/")]

    assert home_pages == []


def test_the_case_examples_cite_their_specific_pages():
    cited = {
        case.slug: {s.slug for s in case.sources.all()} for case in models.CaseExample.objects.all()
    }

    assert "horizons-basic-step-winning-combination" in cited["nwas-basic-step"]
    assert "nhse-spread-and-adoption-case-studies" in cited["wast-falls-framework"]
    assert "nhse-af-demonstrator-programme" in cited["atrial-fibrillation-detect-protect-perfect"]
    assert "nhs-horizons-blog" not in cited["wast-falls-framework"] | cited["nwas-basic-step"]


# ---------------------------------------------------------------- inferred values are marked


def test_every_approach_marks_its_three_ratings_as_our_assessment():
    for approach in models.Approach.objects.all():
        assert {"standardisation", "motivation", "cost"} <= set(approach.assessed), approach.slug


def test_every_method_with_an_inferred_name_marks_its_considerations_row():
    unmarked = [
        m.slug
        for m in models.Method.objects.filter(our_summary=True)
        if "considerations" not in m.assessed
    ]

    assert unmarked == []


def test_every_case_example_marks_its_combination_as_our_reading():
    for case in models.CaseExample.objects.all():
        assert case.assessed.get("steps"), case.slug


def test_exports_see_every_method_rating_as_our_assessment():
    for method in build_snapshot().methods:
        assert set(models.Method.RATED_BY_US) <= set(method.assessed), method.slug


def test_the_method_page_labels_its_ratings_as_our_assessment(client):
    html = client.get(_method("honest-broker").get_absolute_url()).content.decode()

    ratings = html.split("<h2>How we rate it</h2>", 1)[1].split("</dl>", 1)[0]
    assert "Our assessment" in ratings


def test_the_approach_table_labels_a_row_we_wrote_ourselves(client):
    method = _method("learning-systems")
    html = client.get(method.approach.get_absolute_url()).content.decode()

    row = html.split(f'href="{method.get_absolute_url()}">{method.name}</a>', 2)[2].split(
        "</tr>", 1
    )[0]
    assert "Our assessment" in row
