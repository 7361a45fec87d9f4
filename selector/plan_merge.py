"""Three-way merge of flat ``key: value`` fields: what a form was loaded with (base), what it
sends (yours) and what is saved now (theirs).

A field you did not change takes the saved value, so a stale form can never undo another
tab's save. A field only you changed takes yours. A field both changed, to different values,
is a clash: the saved value stands and the clash is reported so a person can decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

V = TypeVar("V")


@dataclass(frozen=True)
class Clash(Generic[V]):
    key: str
    base: V | None
    yours: V
    theirs: V


@dataclass(frozen=True)
class Merge(Generic[V]):
    values: dict[str, V]  # the saved values with your own changes on top
    clashes: tuple[Clash[V], ...]
    theirs: tuple[str, ...]  # keys only the other save changed (kept as saved)


def three_way(
    base: Mapping[str, V] | None, yours: Mapping[str, V], theirs: Mapping[str, V]
) -> Merge[V]:
    """Merge ``yours`` into ``theirs`` field by field.

    A key missing from ``theirs`` (the thing it belongs to is gone) is dropped. A key missing
    from ``base`` (no record of what the form showed) counts as changed by both sides when the
    values differ, so it is reported rather than silently overwritten either way.
    """
    values = dict(theirs)
    clashes: list[Clash[V]] = []
    for key, mine in yours.items():
        if key not in theirs or mine == theirs[key]:
            continue
        known = base is not None and key in base
        original = base[key] if known and base is not None else None
        if known and mine == original:
            continue  # untouched here: the saved value stands
        if known and theirs[key] == original:
            values[key] = mine  # only you changed it
        else:
            clashes.append(Clash(key, original, mine, theirs[key]))
    changed_there = tuple(
        key
        for key, value in theirs.items()
        if base is not None and key in base and base[key] != value
    )
    clashed = {c.key for c in clashes}
    return Merge(values, tuple(clashes), tuple(k for k in changed_there if k not in clashed))
