"""What a board asks of a saved plan, read from it for the summary and every export."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Plan
from .plans import PHASE_FIELDS, leader_phases, recommendation_from_data


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
    decision_sought: str
    key_risks: tuple[str, ...]  # one a line, as the leader wrote them
    phases: tuple[PhaseBoard, ...]  # only phases with something filled in, in plan order


def board_for(plan: Plan) -> Board:
    names = {p.when: p.name for p in leader_phases(recommendation_from_data(plan.recommendation))}
    order = list(names)
    rows = sorted(
        plan.phases.all(), key=lambda p: order.index(p.when) if p.when in order else len(order)
    )
    return Board(
        decision_sought=plan.decision_sought,
        key_risks=tuple(line.strip() for line in plan.key_risks.splitlines() if line.strip()),
        phases=tuple(
            PhaseBoard(
                row.when, names.get(row.when, row.when), *(getattr(row, f) for f in PHASE_FIELDS)
            )
            for row in rows
            if any(getattr(row, f) not in (None, "") for f in PHASE_FIELDS)
        ),
    )
