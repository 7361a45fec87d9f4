"""Shared helpers for the engine tests: answer sets and guides built in memory (no database).

Named test_* so it sits beside the tests it serves; it holds no tests itself.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import strategies as st

from content.choices import Function, InterventionKind, Lead
from content.snapshot import (
    ApproachData,
    CaseExampleData,
    ConsiderationData,
    GuideSnapshot,
    MethodData,
    StepData,
    build_snapshot,
)
from selector.answers import Answers
from selector.questions import (
    OPTIONAL_SINGLE_QUESTIONS,
    QUESTION_BY_NAME,
    REQUIRED_SINGLE_QUESTIONS,
)

SINGLE_NAMES = tuple(q.name for q in REQUIRED_SINGLE_QUESTIONS)
AUDIENCES = QUESTION_BY_NAME["audience"].values

TYPICAL = dict(
    evidence="strong",
    complexity="complicated",
    level="national",
    audience_size="large",
    motivation="mixed",
    energy="moderate",
    timescale="long",
    funding="substantial",
    capacity="moderate",
)


def answers(**changes: object) -> Answers:
    return Answers(**{**TYPICAL, **changes})  # type: ignore[arg-type]


def all_single_answers() -> list[Answers]:
    """Every one of the 3^9 combinations, without the optional audience."""
    return [
        Answers(**dict(zip(SINGLE_NAMES, values, strict=True)))  # type: ignore[arg-type]
        for values in itertools.product(*(q.values for q in REQUIRED_SINGLE_QUESTIONS))
    ]


answer_sets = st.builds(
    Answers,
    **{q.name: st.sampled_from(q.values) for q in REQUIRED_SINGLE_QUESTIONS},
    audience=st.lists(st.sampled_from(AUDIENCES), unique=True, max_size=3).map(tuple),
)
# The whole answer space: the optional questions too, answered or not ("").
full_answer_sets = st.builds(
    Answers,
    **{q.name: st.sampled_from(q.values) for q in REQUIRED_SINGLE_QUESTIONS},
    **{q.name: st.sampled_from(("", *q.values)) for q in OPTIONAL_SINGLE_QUESTIONS},
    audience=st.lists(st.sampled_from(AUDIENCES), unique=True, max_size=3).map(tuple),
)

# The fillers the first engine gave as a method's role, whatever the plan: never again.
GENERIC_ROLES = frozenset(
    {
        "Proves it works: generates the evidence you need before spreading.",
        "Extrinsic lever: gives organisations a concrete reason to adopt.",
        "Intrinsic driver: builds ownership through purpose and peers.",
        "Adds a different approach to the mix.",
        "Strong fit for your answers.",
        "Fills a gap in the combination, though a weaker fit.",
    }
)


def alternatives(given: Answers, question: str) -> list[Answers]:
    """The same answers with ``question`` answered every other way (none, for the audience)."""
    if question == "audience":
        return [given.replace(audience=())]
    return [
        given.replace(**{question: v})
        for v in QUESTION_BY_NAME[question].values
        if v != getattr(given, question)
    ]


@pytest.fixture(scope="module")
def guide(django_db_setup, django_db_blocker) -> GuideSnapshot:
    """The real published guide, loaded once per test session by tests/conftest.py."""
    with django_db_blocker.unblock():
        return build_snapshot()


# --- Guides built in memory -------------------------------------------------------------

AMOUNTS = ("low", "medium", "high")
FUNCTIONS = tuple(Function.values)
LEADS = tuple(Lead.values)
INTERVENTIONS = tuple(InterventionKind.values)


def approach(slug: str, order: int = 0, **attrs: object) -> ApproachData:
    base = dict(
        slug=slug,
        name=slug.replace("-", " ").capitalize(),
        order=order,
        summary="An approach.",
        standardisation="medium",
        motivation="mixed",
        cost="medium",
        url=f"/approaches/{slug}/",
    )
    return ApproachData(**{**base, **attrs})  # type: ignore[arg-type]


def method(slug: str, approach_slug: str, order: int = 0, **attrs: object) -> MethodData:
    base = dict(
        slug=slug,
        name=slug.replace("-", " ").capitalize(),
        kind="method",
        approach=approach_slug,
        order=order,
        summary="A method.",
        stages=("testing", "spread"),
        levels=("local", "regional", "national"),
        audience_sizes=("small", "medium", "large"),
        audiences=(),
        complexity=("simple", "complicated", "complex"),
        motivation="mixed",
        energy="moderate",
        cost="medium",
        capacity="medium",
        time_to_effect="medium",
        builds_evidence=False,
        resources_needed="Some.",
        timeframe="Months.",
        our_summary=False,
        considerations=(ConsiderationData("resources", "Resources", "Plan."),),
        url=f"/methods/{slug}/",
    )
    return MethodData(**{**base, **attrs})  # type: ignore[arg-type]


def case(slug: str, steps: tuple[str, ...], order: int = 0, **attrs: object) -> CaseExampleData:
    base = dict(
        slug=slug,
        title=slug.replace("-", " ").capitalize(),
        summary="A case.",
        sequencing="mixed",
        complexity="complicated",
        levels=("regional",),
        audience_size="medium",
        motivation="mixed",
        timescale="medium",
        funding="limited",
        steps=tuple(StepData(m, i + 1, "Phase", True, "It helped.") for i, m in enumerate(steps)),
        url=f"/case-examples/{slug}/",
    )
    return CaseExampleData(**{**base, **attrs})  # type: ignore[arg-type]


_counter = itertools.count()


def snapshot(approaches=(), methods=(), cases=(), principles=(), topics=()) -> GuideSnapshot:
    """A snapshot with a unique version, so the engine's per-version cache never mixes guides."""
    return GuideSnapshot(
        tuple(approaches),
        tuple(methods),
        tuple(cases),
        tuple(principles),
        tuple(topics),
        (),
        f"test-{next(_counter)}",
    )


def one_method_guide(**attrs: object) -> GuideSnapshot:
    return snapshot([approach("a")], [method("m", "a", **attrs)])


def scaled(guide: GuideSnapshot, factor: int) -> GuideSnapshot:
    """The guide with every method cloned ``factor`` times under new slugs."""
    methods = [
        replace(m, slug=f"{m.slug}-{i}" if i else m.slug, name=f"{m.name} {i}" if i else m.name)
        for i in range(factor)
        for m in guide.methods
    ]
    return replace(guide, methods=tuple(methods), version=f"{guide.version}-x{factor}")


@st.composite
def guides(draw) -> GuideSnapshot:
    """Random guides: 3 to 8 approaches with random attributes, 0 to 5 methods each."""
    count = draw(st.integers(3, 8))
    approaches = [
        approach(
            f"a{i}",
            order=i,
            standardisation=draw(st.sampled_from(AMOUNTS)),
            motivation=draw(st.sampled_from(("extrinsic", "intrinsic", "mixed"))),
            cost=draw(st.sampled_from(AMOUNTS)),
        )
        for i in range(count)
    ]
    methods = []
    for a in approaches:
        for j in range(draw(st.integers(0, 5))):
            methods.append(
                method(
                    f"{a.slug}-m{j}",
                    a.slug,
                    order=j,
                    kind=draw(st.sampled_from(("method", "lever"))),
                    stages=tuple(
                        draw(
                            st.lists(
                                st.sampled_from(
                                    ("prototype", "testing", "early-adoption", "spread", "sustain")
                                ),
                                min_size=1,
                                max_size=3,
                                unique=True,
                            )
                        )
                    ),
                    levels=tuple(
                        draw(
                            st.lists(
                                st.sampled_from(("local", "regional", "national")),
                                min_size=1,
                                unique=True,
                            )
                        )
                    ),
                    audience_sizes=tuple(
                        draw(
                            st.lists(
                                st.sampled_from(("small", "medium", "large")),
                                min_size=1,
                                unique=True,
                            )
                        )
                    ),
                    audiences=tuple(
                        draw(st.lists(st.sampled_from(AUDIENCES), max_size=3, unique=True))
                    ),
                    complexity=tuple(
                        draw(
                            st.lists(
                                st.sampled_from(("simple", "complicated", "complex")),
                                min_size=1,
                                unique=True,
                            )
                        )
                    ),
                    motivation=draw(st.sampled_from(("extrinsic", "intrinsic", "mixed"))),
                    energy=draw(st.sampled_from(("low", "moderate", "high"))),
                    cost=draw(st.sampled_from(AMOUNTS)),
                    capacity=draw(st.sampled_from(AMOUNTS)),
                    time_to_effect=draw(st.sampled_from(("short", "medium", "long"))),
                    builds_evidence=draw(st.booleans()),
                    functions=tuple(
                        draw(
                            st.lists(
                                st.sampled_from(FUNCTIONS), min_size=1, max_size=2, unique=True
                            )
                        )
                    ),
                    leads=tuple(draw(st.lists(st.sampled_from(LEADS), max_size=3, unique=True))),
                    interventions=tuple(
                        draw(st.lists(st.sampled_from(INTERVENTIONS), max_size=2, unique=True))
                    ),
                    evidence_needed=draw(st.sampled_from(("limited", "promising", "strong"))),
                )
            )
    slugs = [m.slug for m in methods]
    cases = []
    if slugs:
        for k in range(draw(st.integers(0, 3))):
            steps = tuple(
                draw(st.lists(st.sampled_from(slugs), min_size=1, max_size=4, unique=True))
            )
            cases.append(case(f"c{k}", steps, order=k))
    return snapshot(approaches, methods, cases)
