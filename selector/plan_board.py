"""The phase details a leader writes for a board on a saved plan (months, owner, cost, measure).

The decision sought and the key risks are the summary's own fields (``PlanSummary``); this
holds only what is per phase, read from rows the summary has already loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .models import PlanPhase
from .plans import PHASE_FIELDS


@dataclass(frozen=True)
class PhaseBoard:
    when: str
    name: str
    start_month: int | None
    end_month: int | None
    owner: str
    cost_estimate: str
    success_measure: str


@dataclass(frozen=True)
class Board:
    phases: tuple[PhaseBoard, ...]  # only phases with something filled in, in plan order


def board_from(rows: Iterable[PlanPhase], names: Mapping[str, str]) -> Board:
    """``names``: every phase the leader can use, key to name, in plan order."""
    order = list(names)
    ordered = sorted(rows, key=lambda p: order.index(p.when) if p.when in order else len(order))
    return Board(
        phases=tuple(
            PhaseBoard(
                row.when, names.get(row.when, row.when), *(getattr(row, f) for f in PHASE_FIELDS)
            )
            for row in ordered
            if any(getattr(row, f) not in (None, "") for f in PHASE_FIELDS)
        ),
    )
