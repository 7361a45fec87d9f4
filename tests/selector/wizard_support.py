"""Shared helpers for the wizard's tests (no tests here).

``fake_recommendation`` stands in for the engine where a test is about the pages, not the
scoring: it is small, predictable and moves with the funding answer, so what-if has something
to show.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from selector.answers import Answers, answers_to_query
from selector.recommendation import (
    Guidance,
    MatchedCase,
    Phase,
    Reason,
    Recommendation,
    ScoredApproach,
    ScoredMethod,
)

FULL = {
    "evidence": "strong",
    "complexity": "complicated",
    "level": "regional",
    "audience_size": "medium",
    "audience": ("clinicians", "managers"),
    "motivation": "mixed",
    "energy": "moderate",
    "timescale": "medium",
    "funding": "none",
    "capacity": "moderate",
    "intervention": "care-model",
    "spread_so_far": "one-site",
    "lead": "network",
    "setting_complexity": "complicated",
}


def full_query(**changes: object) -> str:
    return answers_to_query({**FULL, **changes})


def answers(**changes: object) -> Answers:
    data = {**FULL, **changes}
    return Answers(**data)  # type: ignore[arg-type]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def path_of(url: str) -> str:
    return urlsplit(url).path


def fake_recommendation(given: Answers) -> Recommendation:
    money = {"none": 0, "limited": 10, "substantial": 40}[given.funding]
    approaches = [
        ScoredApproach(
            "investing",
            "Investing and incentivising",
            "/approaches/investing/",
            30 + money,
            (Reason(f"Your funding is {given.funding}.", "funding", money - 10),),
        ),
        ScoredApproach(
            "networks",
            "Networking and peer learning",
            "/approaches/networks/",
            60,
            (Reason("It suits mixed motivation.", "motivation", 5),),
        ),
        ScoredApproach("piloting", "Piloting and rolling out", "/approaches/piloting/", 50, ()),
    ]
    approaches.sort(key=lambda a: -a.score)
    methods = [
        ScoredMethod(
            "peer-network",
            "Peer network",
            "method",
            "networks",
            "Networking and peer learning",
            "/methods/peer-network/",
            70,
            (Reason("Peers move your audience.", "motivation", 6),),
            (),
            recommended=True,
            role="Intrinsic driver",
        ),
        ScoredMethod(
            "pilot-sites",
            "Pilot sites",
            "method",
            "piloting",
            "Piloting and rolling out",
            "/methods/pilot-sites/",
            55,
            (),
            (),
            recommended=given.funding != "substantial",
            role="Prove it locally",
        ),
        ScoredMethod(
            "incentive-payment",
            "Incentive payment",
            "lever",
            "investing",
            "Investing and incentivising",
            "/methods/incentive-payment/",
            30 + money,
            (Reason("Money is available.", "funding", money),),
            (),
            recommended=given.funding == "substantial",
            role="Extrinsic lever",
        ),
    ]
    methods.sort(key=lambda m: -m.score)
    chosen = tuple(m.slug for m in methods if m.recommended)
    readiness = {"strong": "ready", "promising": "caution", "limited": "not-ready"}[given.evidence]
    return Recommendation(
        answers=given,
        ready_to_spread=readiness != "not-ready",
        readiness=readiness,
        readiness_advice=None if readiness == "ready" else "Prove it works first.",
        approaches=tuple(approaches),
        methods=tuple(methods),
        plan=(Phase("Now: start", "now", chosen, True, "Begin here."),),
        case_examples=(
            MatchedCase("case-a", "Case A", "/case-examples/case-a/", 80, ("Regional level",)),
        ),
        guidance=(Guidance("networks", "Networks", "/principles/#networks", "Peers matter."),),
        content_version="test-version",
    )
