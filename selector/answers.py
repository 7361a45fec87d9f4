"""Answers to the planning questions: parsed from a query string, validated, written back.

Answers live in the URL, so every step and result can be bookmarked and shared and no server
session is needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from .questions import QUESTION_BY_NAME, QUESTIONS

MAX_VALUE_LENGTH = 40

# A request's query (a QueryDict) or a plain dict of lists or of single values.
Query = Mapping[str, Any]
# Validated answers so far, by question name: a value, or a tuple of values for a multiple one.
CleanAnswers = Mapping[str, Any]


@dataclass(frozen=True)
class Answers:
    evidence: str
    complexity: str
    level: str
    audience_size: str
    motivation: str
    energy: str
    timescale: str
    funding: str
    capacity: str
    audience: tuple[str, ...] = ()
    # Optional, added later: "" (not answered) is neutral, so older links and plans still work.
    intervention: str = ""
    spread_so_far: str = ""
    lead: str = ""
    setting_complexity: str = ""

    @property
    def overall_complexity(self) -> str:
        """The more complex of the intervention and the situation it lands in: the guide asks
        leaders to judge both, and the harder of the two sets the pace."""
        found = _OVERALL.get((self.complexity, self.setting_complexity))
        return found if found is not None else _harder(self.complexity, self.setting_complexity)

    def as_dict(self) -> dict[str, object]:
        return {
            name: (list(v) if isinstance(v := getattr(self, name), tuple) else v)
            for name in ANSWER_FIELDS
        }

    def replace(self, **changes: object) -> Answers:
        """A copy with some answers changed. Robustness makes a dozen of these per
        recommendation, so it copies the instance dictionary instead of re-running
        ``__init__`` over ``dataclasses.fields`` (the class is frozen, so the copy is safe)."""
        unknown = changes.keys() - _FIELD_SET
        if unknown:
            raise TypeError(f"Answers has no field {', '.join(sorted(unknown))}")
        new = object.__new__(Answers)
        data = new.__dict__
        data.update(self.__dict__)
        data.update(changes)
        return new

    def to_query(self) -> str:
        return answers_to_query(self.as_dict())

    def in_words(self) -> list[tuple[str, str, str]]:
        """(question name, short label, answer label) for each question, in wizard order."""
        return [_in_words(question.name, getattr(self, question.name)) for question in QUESTIONS]


@lru_cache(maxsize=1024)
def _in_words(name: str, value: str | tuple[str, ...]) -> tuple[str, str, str]:
    # One question's answer in words depends on that answer alone: a few hundred distinct ones
    # (audience combinations included), worded again for every summary otherwise.
    question = QUESTION_BY_NAME[name]
    if question.multiple:
        text = ", ".join(question.label_for(v) for v in value) or "Not specified"
    else:
        text = question.label_for(str(value)) if value else "Not specified"
    return (question.name, question.short_label, text)


ANSWER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Answers))
_FIELD_SET = frozenset(ANSWER_FIELDS)
COMPLEXITY_SCALE = ("simple", "complicated", "complex")


def _harder(complexity: str, setting: str) -> str:
    return max(complexity, setting or complexity, key=COMPLEXITY_SCALE.index)


_OVERALL = {(c, s): _harder(c, s) for c in COMPLEXITY_SCALE for s in ("", *COMPLEXITY_SCALE)}


def answers_to_pairs(data: CleanAnswers) -> list[tuple[str, str]]:
    """(name, value) for each of the given answers, in question order: what their query string
    holds, without building and parsing it again."""
    pairs: list[tuple[str, str]] = []
    for question in QUESTIONS:
        value = data.get(question.name)
        if value in (None, "", [], ()):
            continue
        if question.multiple:
            pairs.extend((question.name, str(v)) for v in value)
        else:
            pairs.append((question.name, str(value)))
    return pairs


def answers_to_query(data: CleanAnswers) -> str:
    """Query string of the given answers, in question order (stable, so links are canonical)."""
    return "&".join(_query_pair(name, value) for name, value in answers_to_pairs(data))


@lru_cache(maxsize=1024)
def _query_pair(name: str, value: str) -> str:
    # What ``urlencode`` gives for one pair; the values are the questions' own (a few dozen),
    # and quoting them again for every link of every page was a quarter of a plan summary.
    return urlencode([(name, value)])


def _values(query: Query, name: str) -> list[str]:
    getlist = getattr(query, "getlist", None)
    if getlist is not None:
        return list(getlist(name))
    value = query.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def validate_partial(
    query: Query, names: Sequence[str] | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check the answers given for the named questions (all by default).

    Returns (clean values, errors by field). A missing required answer is an error; unknown
    values, repeated single answers, empty strings and over-long values are errors too.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name in names or [q.name for q in QUESTIONS]:
        question = QUESTION_BY_NAME[name]
        raw = _values(query, name)
        if question.multiple:
            bad = [v for v in raw if v not in question.values]
            if bad:
                shown = ", ".join(repr(v[:MAX_VALUE_LENGTH]) for v in bad[:3])
                errors[name] = [
                    f"{shown} is not a choice for '{question.short_label}'. "
                    f"Choose from: {', '.join(question.values)}."
                ]
            else:
                # Keep question order and drop repeats, so equal answers give equal links.
                clean[name] = tuple(v for v in question.values if v in raw)
            continue
        if not question.required and raw in ([], [""]):
            continue  # not answered: the neutral default
        if not raw:
            errors[name] = [f"Answer '{question.title}'"]
        elif len(raw) > 1:
            errors[name] = [f"Give one answer for '{question.short_label}', not {len(raw)}."]
        elif raw[0] == "":
            errors[name] = [f"Answer '{question.title}'"]
        elif raw[0] not in question.values:
            errors[name] = [
                f"{raw[0][:MAX_VALUE_LENGTH]!r} is not a choice for '{question.short_label}'. "
                f"Choose from: {', '.join(question.values)}."
            ]
        else:
            clean[name] = raw[0]
    return clean, errors


def parse_answers(
    query: Query,
) -> tuple[Answers | None, dict[str, list[str]]]:
    """All answers from a query (a QueryDict or a dict of lists), or the errors per field."""
    clean, errors = validate_partial(query)
    if errors:
        return None, errors
    return Answers(**clean), {}
