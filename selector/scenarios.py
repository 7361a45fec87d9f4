"""Typical planning situations, as data: the admin's engine preview, the content health check,
the benchmarks and the tests all use the same ones."""

from __future__ import annotations

from dataclasses import dataclass

from .answers import Answers

# A regional programme for a complicated intervention with some money: the "typical plan" that
# benchmarks and cache tests measure.
TYPICAL_ANSWERS = Answers(
    evidence="strong",
    complexity="complicated",
    level="regional",
    audience_size="medium",
    audience=("clinicians",),
    motivation="mixed",
    energy="moderate",
    timescale="medium",
    funding="limited",
    capacity="moderate",
)
TYPICAL_QUERY = TYPICAL_ANSWERS.to_query()


@dataclass(frozen=True)
class Scenario:
    name: str
    answers: dict[str, str]


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "National programme: large, complex, well funded",
        dict(
            evidence="strong",
            complexity="complex",
            level="national",
            audience_size="large",
            motivation="mixed",
            energy="moderate",
            timescale="long",
            funding="substantial",
            capacity="substantial",
        ),
    ),
    Scenario(
        "Local team: small, simple, no money",
        dict(
            evidence="strong",
            complexity="simple",
            level="local",
            audience_size="small",
            motivation="extrinsic",
            energy="high",
            timescale="short",
            funding="none",
            capacity="limited",
        ),
    ),
    Scenario(
        "Regional system: complicated, peer-driven, some money",
        dict(
            evidence="promising",
            complexity="complicated",
            level="regional",
            audience_size="medium",
            motivation="intrinsic",
            energy="moderate",
            timescale="medium",
            funding="limited",
            capacity="moderate",
        ),
    ),
    Scenario(
        "Unproven idea at one site",
        dict(
            evidence="limited",
            complexity="complex",
            level="local",
            audience_size="small",
            motivation="intrinsic",
            energy="low",
            timescale="medium",
            funding="limited",
            capacity="limited",
        ),
    ),
    Scenario(
        "National mandate: simple change everywhere, fast",
        dict(
            evidence="strong",
            complexity="simple",
            level="national",
            audience_size="large",
            motivation="extrinsic",
            energy="low",
            timescale="short",
            funding="substantial",
            capacity="substantial",
        ),
    ),
    Scenario(
        "Regional, complex, little energy and no money",
        dict(
            evidence="promising",
            complexity="complex",
            level="regional",
            audience_size="large",
            motivation="mixed",
            energy="low",
            timescale="long",
            funding="none",
            capacity="moderate",
        ),
    ),
)
