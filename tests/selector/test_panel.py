"""Scenarios a spread expert would bring, each with the reasoning the guide gives for it.

Each scenario states one situation in the answers, a one-line rationale from the guide (evidence
before spread; levers only in some hands; money, people and time are real limits; proof of
concept before any spread activity) and firm expectations: which approaches may lead, methods
that must and must not be in the plan, what the first phase does, and the case example that is
closest. They are run against the real guide, through the same engine the API uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from selector.answers import Answers
from selector.engine import recommend

from . import engine_support as support

guide = support.guide
# The real guide is read from the test database, which pytest-django only creates when a
# collected test asks for it: without this mark the module fails when run on its own.
pytestmark = pytest.mark.django_db

BASE = dict(
    evidence="strong",
    complexity="complicated",
    level="regional",
    audience_size="medium",
    motivation="mixed",
    energy="moderate",
    timescale="medium",
    funding="limited",
    capacity="moderate",
)
PILOTING = "piloting-and-rolling-out"
NETWORKING = "networking-peer-learning-and-collaboration"
CAPACITY = "building-capacity-and-capability"
INVESTING = "investing-and-incentivising"
GOVERNING = "governing-and-assuring"
COORDINATING = "coordinating-through-large-scale-engagement-and-national-programmes"
PRIORITIES = "identifying-and-communicating-priorities"

SCALE_UP = {
    "performance-related-funding",
    "flexible-commercial-deals",
    "innovation-and-technology-payments",
    "tariff-and-payment-system-changes",
    "shared-savings-and-gain-share-agreements",
    "procurement-frameworks",
    "regulation-inspection-and-clinical-audit",
    "contractual-obligation",
    "national-guidance-and-standards",
    "central-co-ordination-and-centrally-commissioned-and-or-facilitated-programmes",
    "social-franchising-and-licensing",
}
LOCK_IN = SCALE_UP - {
    "central-co-ordination-and-centrally-commissioned-and-or-facilitated-programmes"
}
CONTRACT_AND_PAYMENT = {
    "contractual-obligation",
    "tariff-and-payment-system-changes",
    "performance-related-funding",
    "procurement-frameworks",
    "flexible-commercial-deals",
    "innovation-and-technology-payments",
}
COMMERCIAL = {
    "flexible-commercial-deals",
    "innovation-and-technology-payments",
    "procurement-frameworks",
}
NATIONAL_ONLY = {
    "innovation-and-technology-payments",
    "high-level-national-signals-or-campaigns",
    "national-guidance-and-standards",
    "national-priority-setting-in-plans-and-guidance",
}


@dataclass(frozen=True)
class Scenario:
    name: str
    why: str  # the guide's reasoning, in one line
    answers: dict
    top: frozenset[str]  # one of these is first, or equally good with the first (the margin)
    present: frozenset[str] = frozenset()  # methods that must be recommended
    absent: frozenset[str] = frozenset()  # methods that must not be
    first_phase: str = ""  # the function the first phase must hold ("prove", "signal", ...)
    first_has: frozenset[str] = frozenset()  # methods that must be in the first phase
    case: frozenset[str] = frozenset()  # the closest case example is one of these
    size: tuple[int, int] = (1, 8)
    functions: frozenset[str] = field(default_factory=frozenset)  # functions the plan covers


def s(name, why, top, answers, **expect) -> Scenario:
    return Scenario(
        name,
        why,
        {**BASE, **answers},
        frozenset(top),
        **{k: frozenset(v) if isinstance(v, set | list) else v for k, v in expect.items()},
    )


SCENARIOS = (
    s(
        "unproven-app",
        "An app with no evaluation must be tested before anyone is asked to adopt it.",
        {PILOTING},
        dict(evidence="limited", intervention="digital", spread_so_far="none"),
        present={"rolling-out"},
        absent=SCALE_UP,
        first_phase="prove",
        size=(1, 3),
    ),
    s(
        "unproven-local-team-no-money",
        "No money is no reason not to test: a no-cost test in one setting is always possible.",
        {PILOTING},
        dict(
            evidence="limited",
            complexity="simple",
            level="local",
            audience_size="small",
            motivation="intrinsic",
            energy="high",
            timescale="short",
            funding="none",
            capacity="limited",
            lead="provider",
        ),
        present={"rolling-out"},
        absent=SCALE_UP | {"demonstrator-sites"},
        first_phase="prove",
        size=(1, 3),
    ),
    s(
        "unproven-but-national-and-rich",
        "Money and authority do not replace proof: no payment, mandate or national programme yet.",
        {PILOTING},
        dict(
            evidence="limited",
            level="national",
            audience_size="large",
            motivation="extrinsic",
            energy="low",
            timescale="long",
            funding="substantial",
            capacity="substantial",
            lead="national",
        ),
        absent=SCALE_UP | {"high-level-national-signals-or-campaigns"},
        first_phase="prove",
        case={"atrial-fibrillation-detect-protect-perfect"},
    ),
    s(
        "already-in-use-without-evidence",
        "Spreading without evidence is still spreading something unproven: evaluate first.",
        {PILOTING},
        dict(evidence="limited", motivation="intrinsic", energy="high", spread_so_far="few-sites"),
        absent=SCALE_UP,
        first_phase="prove",
    ),
    s(
        "default-answers-with-limited-evidence",
        "The advice says prove it first, so piloting leads the ranking and the plan.",
        {PILOTING},
        dict(evidence="limited"),
        absent=SCALE_UP,
        first_phase="prove",
    ),
    s(
        "complex-care-model-proven-at-one-site",
        "A complex model proven once needs staged roll-out with evaluation and room to adapt.",
        {NETWORKING, CAPACITY, PILOTING},
        dict(
            evidence="promising",
            complexity="complex",
            motivation="intrinsic",
            timescale="long",
            intervention="care-model",
            spread_so_far="one-site",
            setting_complexity="complex",
            lead="network",
        ),
        absent=LOCK_IN,
        first_phase="prove",
        case={"nwas-basic-step"},
        functions={"prove", "connect"},
    ),
    s(
        "af-style-national-programme-on-promising-evidence",
        "Promising evidence at national scale: demonstrate and evaluate before locking it in.",
        {PILOTING},
        dict(
            evidence="promising",
            level="national",
            audience_size="large",
            funding="substantial",
            capacity="substantial",
            intervention="product",
            lead="national",
        ),
        absent=LOCK_IN,
        first_phase="prove",
        case={"atrial-fibrillation-detect-protect-perfect"},
    ),
    s(
        "promising-national-extrinsic-and-rich",
        "Incentives cannot make up for doubts about efficacy; lock-in levers wait for evidence.",
        {PILOTING},
        dict(
            evidence="promising",
            level="national",
            audience_size="large",
            motivation="extrinsic",
            timescale="long",
            funding="substantial",
            capacity="substantial",
        ),
        absent=LOCK_IN,
        first_phase="prove",
    ),
    s(
        "basic-step-style-front-line-idea",
        "A practice started by front-line staff spreads through peers, tested as it goes.",
        {NETWORKING},
        dict(
            evidence="promising",
            complexity="complex",
            motivation="intrinsic",
            energy="high",
            funding="none",
            capacity="limited",
            intervention="practice",
            lead="provider",
            spread_so_far="one-site",
        ),
        present={"rolling-out"},
        absent=LOCK_IN | CONTRACT_AND_PAYMENT,
        first_phase="prove",
        case={"nwas-basic-step"},
    ),
    s(
        "voluntary-sector-social-prescribing",
        "A community model led by a charity: peers, local needs and a staged test, no mandates.",
        {NETWORKING},
        dict(
            evidence="promising",
            complexity="complex",
            level="local",
            motivation="intrinsic",
            energy="high",
            timescale="long",
            capacity="limited",
            intervention="care-model",
            lead="voluntary-sector",
            audience=("voluntary-sector", "patients-public"),
        ),
        present={"rolling-out"},
        absent=CONTRACT_AND_PAYMENT,
        first_phase="prove",
    ),
    s(
        "six-month-national-product-switch",
        "A known product switched nationally in six months: the national deal acts first.",
        {INVESTING},
        dict(
            complexity="simple",
            level="national",
            audience_size="large",
            motivation="extrinsic",
            energy="low",
            timescale="short",
            funding="substantial",
            capacity="substantial",
            intervention="product",
            lead="national",
            spread_so_far="few-sites",
        ),
        present={"flexible-commercial-deals"},
        absent={"competition-and-crowdsourcing", "social-franchising-and-licensing"},
        first_has={"flexible-commercial-deals"},
        functions={"signal", "incentivise", "implementation"},
        size=(5, 8),
    ),
    s(
        "local-team-no-money-proven-idea",
        "Three local teams with no money and little time: two or three low-cost methods.",
        {NETWORKING},
        dict(
            level="local",
            audience_size="small",
            motivation="intrinsic",
            energy="high",
            funding="none",
            capacity="limited",
            lead="provider",
        ),
        absent=CONTRACT_AND_PAYMENT | {"demonstrator-sites", "dedicated-resource-provision"},
        size=(2, 3),
    ),
    s(
        "provider-team-cannot-pull-contracts",
        "A provider team does not hold contracts or payment rules, however extrinsic the audience.",
        {GOVERNING, INVESTING, PRIORITIES},
        dict(
            complexity="simple",
            level="local",
            motivation="extrinsic",
            energy="low",
            lead="provider",
        ),
        absent=CONTRACT_AND_PAYMENT | NATIONAL_ONLY,
    ),
    s(
        "icb-commissioning-a-pathway",
        "A commissioner holds contracts, with support beside any requirement it sets.",
        {GOVERNING, INVESTING},
        dict(motivation="extrinsic", lead="commissioner", intervention="care-model"),
        present={"contractual-obligation"},
        absent=NATIONAL_ONLY | COMMERCIAL,
        functions={"mandate", "implementation"},
        case={"transfer-of-care-around-medicines-tcam"},
    ),
    s(
        "commissioner-spreading-a-device",
        "A commissioner spreading a proven product can share the savings and write it in.",
        {GOVERNING, INVESTING},
        dict(
            complexity="simple",
            level="local",
            motivation="extrinsic",
            lead="commissioner",
            intervention="product",
        ),
        present={"shared-savings-and-gain-share-agreements"},
        absent=NATIONAL_ONLY,
    ),
    s(
        "national-clinical-practice-with-audit",
        "National practice change leans on standards and data fed back to teams.",
        {GOVERNING},
        dict(
            level="national",
            audience_size="large",
            timescale="long",
            capacity="substantial",
            lead="national",
            intervention="practice",
            spread_so_far="few-sites",
        ),
        present={"benchmarking-and-performance-data", "national-guidance-and-standards"},
        absent=COMMERCIAL | {"social-franchising-and-licensing"},
        functions={"signal", "measure", "implementation"},
        size=(5, 8),
    ),
    s(
        "finishing-and-sustaining-at-many-sites",
        "Widely adopted already: the sustain stage, where assurance and data hold the gains.",
        {GOVERNING},
        dict(
            level="national",
            audience_size="large",
            timescale="long",
            lead="national",
            spread_so_far="many-sites",
        ),
        present={"benchmarking-and-performance-data"},
        absent={
            "demonstrator-sites",
            "co-production-with-end-users",
            "competition-and-crowdsourcing",
        },
    ),
    s(
        "tcam-style-digital-referral",
        "A digital referral proven locally goes national through a programme and data.",
        {PILOTING, COORDINATING, CAPACITY, NETWORKING},
        dict(
            level="national",
            audience_size="large",
            timescale="long",
            funding="substantial",
            capacity="substantial",
            intervention="digital",
            spread_so_far="few-sites",
            lead="network",
        ),
        present={"central-co-ordination-and-centrally-commissioned-and-or-facilitated-programmes"},
        absent=NATIONAL_ONLY,
        functions={"signal", "measure", "connect"},
        size=(5, 8),
    ),
    s(
        "national-workforce-role",
        "A new role is complex: build capability and connect peers, with a national signal.",
        {CAPACITY, NETWORKING},
        dict(
            complexity="complex",
            level="national",
            audience_size="large",
            motivation="intrinsic",
            timescale="long",
            funding="substantial",
            capacity="substantial",
            intervention="workforce",
            lead="national",
        ),
        absent=COMMERCIAL,
        functions={"connect", "signal"},
        size=(5, 8),
    ),
    s(
        "supplier-led-device",
        "A supplier holds no NHS contract, payment or national lever.",
        {INVESTING, CAPACITY, PILOTING, GOVERNING},
        dict(
            complexity="simple",
            motivation="extrinsic",
            energy="low",
            intervention="product",
            lead="supplier",
        ),
        absent=CONTRACT_AND_PAYMENT | NATIONAL_ONLY,
    ),
    s(
        "patients-must-change",
        "When the public must change, methods aimed only at staff do not move them.",
        {PRIORITIES, NETWORKING},
        dict(
            complexity="simple",
            audience_size="large",
            motivation="intrinsic",
            intervention="digital",
            audience=("patients-public",),
        ),
        present={"patient-voice-enablement"},
        absent={"improvement-collaboratives", "dedicated-resource-provision"},
    ),
    s(
        "clinicians-moved-by-purpose",
        "Clinicians moved by purpose respond to peers, champions and skills, not payment.",
        {CAPACITY, NETWORKING},
        dict(
            motivation="intrinsic",
            energy="high",
            intervention="practice",
            audience=("clinicians",),
        ),
        absent={"performance-related-funding", "contractual-obligation"},
        functions={"connect"},
    ),
    s(
        "low-energy-national-and-extrinsic",
        "Little energy for change and an extrinsic audience: incentives and standards do the work.",
        {INVESTING, GOVERNING},
        dict(
            complexity="simple",
            level="national",
            audience_size="large",
            motivation="extrinsic",
            energy="low",
            timescale="long",
            funding="substantial",
            capacity="substantial",
            lead="national",
        ),
        absent={"co-production-with-end-users", "patient-voice-enablement"},
        functions={"incentivise", "measure", "signal"},
    ),
    s(
        "simple-intervention-complex-setting",
        "A simple change in a complex system still needs people connected across boundaries.",
        {NETWORKING},
        dict(complexity="simple", setting_complexity="complex"),
        functions={"connect"},
    ),
    s(
        "short-timescale-local",
        "Under six months locally: only methods that act within the timescale, in one phase.",
        {GOVERNING, CAPACITY, COORDINATING, PRIORITIES, NETWORKING},
        dict(complexity="simple", level="local", energy="high", timescale="short", lead="provider"),
        absent={"learning-systems", "partner-networks-inside-and-outside-the-nhs"},
        first_phase="signal",
    ),
    s(
        "regional-network-spreading-widely",
        "A Health Innovation Network convenes and supports; it holds no contracts or tariffs.",
        {CAPACITY, NETWORKING, COORDINATING},
        dict(audience_size="large", timescale="long", lead="network"),
        absent={"contractual-obligation", "tariff-and-payment-system-changes"} | NATIONAL_ONLY,
        functions={"signal", "connect", "measure"},
    ),
    s(
        "national-programme-with-few-people",
        "Money without people: no method that needs many people to run it.",
        {INVESTING, GOVERNING, CAPACITY, PRIORITIES},
        dict(
            level="national",
            audience_size="large",
            funding="substantial",
            capacity="limited",
            lead="national",
        ),
        absent={
            "improvement-collaboratives",
            "demonstrator-sites",
            "dedicated-resource-provision",
            "regulation-inspection-and-clinical-audit",
        },
    ),
    s(
        "franchising-a-care-model",
        "A defined service model from a provider can be licensed to others.",
        {COORDINATING, NETWORKING, GOVERNING},
        dict(
            timescale="long",
            lead="provider",
            intervention="care-model",
            spread_so_far="few-sites",
        ),
        present={"social-franchising-and-licensing"},
        absent={"contractual-obligation"} | COMMERCIAL,
    ),
    s(
        "no-franchising-for-a-practice",
        "A clinical practice is not a service model to license.",
        {CAPACITY, NETWORKING},
        dict(timescale="long", lead="network", intervention="practice"),
        absent={"social-franchising-and-licensing"} | COMMERCIAL,
    ),
    s(
        "national-digital-requirement",
        "A proven digital service used widely: a national deal and a requirement, with support.",
        {GOVERNING, INVESTING},
        dict(
            level="national",
            audience_size="large",
            motivation="extrinsic",
            energy="low",
            lead="national",
            intervention="digital",
            spread_so_far="many-sites",
        ),
        present={"contractual-obligation", "flexible-commercial-deals"},
        functions={"mandate", "measure"},
    ),
    s(
        "promising-small-local",
        "A few local teams with promising results: extend it site by site and evaluate.",
        {NETWORKING, PRIORITIES, CAPACITY, PILOTING},
        dict(evidence="promising", level="local", audience_size="small", lead="provider"),
        present={"rolling-out"},
        absent=LOCK_IN,
        first_phase="prove",
        size=(2, 3),
    ),
    s(
        "complex-regional-no-money",
        "A complex change with no money spreads through networks and leadership, not payment.",
        {NETWORKING},
        dict(complexity="complex", motivation="intrinsic", timescale="long", funding="none"),
        absent={"demonstrator-sites", "pump-priming-and-transformation-funding"}
        | CONTRACT_AND_PAYMENT,
        functions={"connect"},
    ),
    # From the red-team probe of the API: each states a rule the engine had broken.
    s(
        "supplier-proven-product-national-short",
        "An approach the leader cannot use at all cannot lead: a supplier holds no lever of its "
        "own, so the plan works through what it can do.",
        {CAPACITY, PRIORITIES, NETWORKING, PILOTING},
        dict(
            complexity="simple",
            level="national",
            audience_size="large",
            motivation="extrinsic",
            timescale="short",
            funding="substantial",
            intervention="product",
            lead="supplier",
            spread_so_far="few-sites",
            audience=("clinicians", "commissioners"),
        ),
        absent=CONTRACT_AND_PAYMENT | {"regulation-inspection-and-clinical-audit"},
    ),
    s(
        "provider-complex-product-local-no-money",
        "A provider cannot regulate or inspect, and a product used nowhere yet gets a first "
        "real-world wave before any requirement.",
        {NETWORKING, PRIORITIES, PILOTING, CAPACITY},
        dict(
            complexity="complex",
            level="local",
            audience_size="small",
            energy="high",
            funding="none",
            capacity="substantial",
            intervention="product",
            spread_so_far="none",
            lead="provider",
            setting_complexity="complex",
        ),
        absent=CONTRACT_AND_PAYMENT | {"regulation-inspection-and-clinical-audit"},
        first_phase="prove",
    ),
    s(
        "commissioner-promising-digital",
        "A competition finds ideas; it is no incentive to adopt an intervention already chosen.",
        {INVESTING, PRIORITIES, PILOTING, NETWORKING},
        dict(
            evidence="promising",
            motivation="extrinsic",
            energy="high",
            funding="substantial",
            capacity="limited",
            intervention="digital",
            spread_so_far="none",
            lead="commissioner",
            setting_complexity="complex",
            audience=("managers",),
        ),
        absent=LOCK_IN | {"competition-and-crowdsourcing"},
        first_phase="prove",
    ),
    s(
        "strong-but-used-nowhere-workforce",
        "Trial evidence without routine use is not the spread stage: a first wave comes before "
        "any contract, and a new role spreads by training the people who take it on.",
        {NETWORKING, CAPACITY, PILOTING},
        dict(
            complexity="complex",
            motivation="extrinsic",
            energy="low",
            timescale="long",
            funding="none",
            intervention="workforce",
            spread_so_far="none",
            lead="national",
        ),
        absent={"contractual-obligation", "social-franchising-and-licensing"},
        first_phase="prove",
        functions={"capability"},
    ),
    s(
        "workforce-role-across-region",
        "A role is not a service model to license; the people who take it on need training.",
        {CAPACITY},
        dict(
            timescale="long",
            intervention="workforce",
            lead="network",
            spread_so_far="few-sites",
            audience=("clinicians", "managers", "commissioners"),
        ),
        absent={"social-franchising-and-licensing"},
        functions={"capability"},
    ),
    s(
        "national-care-model-used-nowhere",
        "A national programme for a care model proven in trials but used nowhere starts with "
        "demonstrator sites; payment and contract levers wait for routine use.",
        {CAPACITY, NETWORKING, PILOTING},
        dict(
            level="national",
            audience_size="large",
            intervention="care-model",
            spread_so_far="none",
            lead="national",
        ),
        absent={
            "contractual-obligation",
            "tariff-and-payment-system-changes",
            "performance-related-funding",
            "regulation-inspection-and-clinical-audit",
        },
        first_has={"demonstrator-sites"},
    ),
    # From the second review of the plans themselves.
    s(
        "typical-regional-spread-keeps-its-best-connector",
        "A plan takes the methods that fit: a weak fit is not chosen just to add variety when a "
        "strong one does the job.",
        {CAPACITY, NETWORKING},
        dict(audience=("clinicians",)),
        present={"network"},
        absent={"learning-systems"},
        functions={"signal", "implementation", "connect", "incentivise"},
    ),
    s(
        "national-product-deal-within-a-year",
        "With 6 to 18 months, a payment lever that takes that long to act starts now, and the "
        "requirement comes with support to meet it.",
        {INVESTING, GOVERNING},
        dict(
            level="national",
            audience_size="large",
            motivation="extrinsic",
            funding="substantial",
            intervention="product",
            lead="national",
            spread_so_far="many-sites",
        ),
        present={"innovation-and-technology-payments"},
        first_has={"innovation-and-technology-payments"},
        functions={"signal", "incentivise", "mandate"},
    ),
    s(
        "regional-requirement-for-an-audience-moved-by-rules",
        "The approach ranked first is part of the plan: an audience moved by incentives and "
        "requirements, with strong evidence, gets the contract lever, and support to meet it.",
        {GOVERNING},
        dict(motivation="extrinsic"),
        present={"contractual-obligation"},
        functions={"mandate", "implementation", "incentivise"},
    ),
    s(
        "proven-service-model-used-at-one-site",
        "Strong evidence from one site is not yet spread: planned waves take it to the next "
        "sites first, with support, each wave learning from the last.",
        {NETWORKING, CAPACITY, PILOTING},
        dict(complexity="complex", intervention="care-model", spread_so_far="one-site"),
        first_phase="prove",
        functions={"prove", "implementation", "connect"},
    ),
    s(
        "intrinsic-audience-gets-no-push-filler",
        "Incentives only where they fit the motivation: clinicians moved by purpose get peers, "
        "skills and support, not payments chosen to fill a gap.",
        {NETWORKING, CAPACITY},
        dict(motivation="intrinsic", audience_size="large", energy="low"),
        absent=CONTRACT_AND_PAYMENT | {"pump-priming-and-transformation-funding"},
        functions={"connect", "implementation"},
    ),
)


@pytest.fixture(scope="module")
def results(guide):
    return {sc.name: recommend(Answers(**sc.answers), guide) for sc in SCENARIOS}


def test_there_are_at_least_thirty_distinct_scenarios():
    assert len(SCENARIOS) >= 30
    assert len({sc.name for sc in SCENARIOS}) == len(SCENARIOS)
    assert all(sc.why for sc in SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda sc: sc.name)
def test_scenario(scenario, results):
    result = results[scenario.name]
    chosen = {m.slug for m in result.recommended_methods}
    function_of = {m.slug: m.function for m in result.recommended_methods}
    best = result.approaches[0].score
    leading = {a.slug for a in result.approaches if best - a.score <= result.score_margin}
    assert leading & scenario.top, [(a.slug, a.score) for a in result.approaches[:3]]
    assert scenario.present <= chosen, scenario.present - chosen
    assert not scenario.absent & chosen, scenario.absent & chosen
    low, high = scenario.size
    assert low <= len(chosen) <= high, len(chosen)
    first = result.plan[0].methods
    if scenario.first_phase:
        assert scenario.first_phase in {function_of[m] for m in first}, first
    assert scenario.first_has <= set(first), first
    covered = {function_of[m] for m in chosen}
    assert scenario.functions <= covered, scenario.functions - covered
    if "mandate" in covered:  # support beside any requirement
        assert covered & {"implementation", "capability"}, covered
    if scenario.case:
        assert result.case_examples[0].slug in scenario.case, result.case_examples[0].slug
    # What the engine ruled out is said, never recommended.
    assert not chosen & {n.slug for n in result.not_recommended}
