"""'Help me decide' for the two complexity questions: a short checklist after the NASSS
framework's seven domains, which suggests an answer to each question and shows why.

The first three domains describe the intervention itself (the ``complexity`` question); the
other four describe the situation it lands in (``setting_complexity``). Plain Python, no request.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("simple", "complicated", "complex")


@dataclass(frozen=True)
class Domain:
    name: str
    title: str
    question: str  # the planning question this domain informs
    prompts: tuple[str, str, str]  # what simple, complicated and complex look like here


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "condition",
        "The condition or problem",
        "complexity",
        (
            "Well understood, with a clear and agreed way to treat or manage it.",
            "Understood, but varies between people or needs several treatments.",
            "Poorly understood, or tangled up with other conditions and social problems.",
        ),
    ),
    Domain(
        "technology",
        "The intervention or technology",
        "complexity",
        (
            "Ready to use, works the same way everywhere, needs little training.",
            "Has several parts or needs set-up, integration or training to work.",
            "Still changing, depends on other systems, or must be reshaped for each place.",
        ),
    ),
    Domain(
        "value",
        "The value it offers",
        "complexity",
        (
            "Its benefit is clear to those who pay and those who use it.",
            "Its benefit is clear, but costs and savings fall to different parties.",
            "Its benefit is disputed, uncertain, or only shows over many years.",
        ),
    ),
    Domain(
        "adopters",
        "The people who must adopt it",
        "setting_complexity",
        (
            "One group of staff, whose roles barely change.",
            "Several professions, whose roles change in agreed ways.",
            "Staff, patients and carers whose roles, identities or routines must change.",
        ),
    ),
    Domain(
        "organisation",
        "The organisations taking it up",
        "setting_complexity",
        (
            "One organisation, ready and with the capacity to change.",
            "A few organisations, with some work needed on funding or processes.",
            "Many organisations, stretched, with little slack or appetite for change.",
        ),
    ),
    Domain(
        "system",
        "The wider system",
        "setting_complexity",
        (
            "Rules, payment and policy already support it.",
            "Some rules or payment arrangements need adjusting.",
            "Regulation, payment or politics work against it, or are in flux.",
        ),
    ),
    Domain(
        "embedding",
        "Embedding and adapting over time",
        "setting_complexity",
        (
            "Once in place it runs itself.",
            "It needs some upkeep and occasional changes.",
            "It will need continuous adaptation as people and circumstances change.",
        ),
    ),
)
DOMAIN_BY_NAME = {d.name: d for d in DOMAINS}


@dataclass(frozen=True)
class Suggestion:
    question: str  # "complexity" or "setting_complexity"
    value: str  # simple, complicated or complex
    why: tuple[str, ...]  # one line per domain that decided it


def _suggest(ratings: dict[str, str], question: str) -> Suggestion:
    """NASSS's own reading: complex in more than one domain makes the whole complex; any
    complicated or complex domain makes it at least complicated; otherwise simple."""
    domains = [d for d in DOMAINS if d.question == question]
    rated = [(d, ratings[d.name]) for d in domains]
    complex_count = sum(level == "complex" for _, level in rated)
    if complex_count >= 2:
        value = "complex"
    elif any(level != "simple" for _, level in rated):
        value = "complicated"
    else:
        value = "simple"
    why = tuple(f"{d.title}: {level}." for d, level in rated if level == value or value == "simple")
    if value == "complicated" and complex_count == 1:
        why += ("Only one domain is complex, so the whole is complicated rather than complex.",)
    return Suggestion(question, value, why)


def suggest(ratings: dict[str, str]) -> tuple[Suggestion, Suggestion]:
    """An answer for the intervention and one for the situation, from a rating per domain."""
    missing = [d.name for d in DOMAINS if ratings.get(d.name) not in LEVELS]
    if missing:
        raise ValueError(f"Rate every domain: {', '.join(missing)}")
    return _suggest(ratings, "complexity"), _suggest(ratings, "setting_complexity")
