"""Choosing a combination of methods that complement each other, and phasing it in time.

The rules are about the methods' attributes (cost, capacity, time to effect, motivation,
whether they build evidence), never their names, so they hold for any guide content.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial

from content.snapshot import MethodData

from .answers import Answers
from .recommendation import Phase

TARGET_SIZE = 5
MIN_SIZE = 4
MAX_PER_APPROACH = 2
WANTED_APPROACHES = 3
# Below this a method is only used to reach the minimum size: a weak fit is worse than none.
GOOD_ENOUGH = 45
MAX_PROVERS = 2

ORDER = {"short": 0, "medium": 1, "long": 2}
EARLY_STAGES = frozenset({"prototype", "testing", "early-adoption"})


@dataclass(frozen=True)
class Pick:
    method: MethodData
    score: int
    role: str


def leans_extrinsic(m: MethodData) -> bool:
    return m.motivation == "extrinsic"


def leans_intrinsic(m: MethodData) -> bool:
    return m.motivation == "intrinsic"


def proves(m: MethodData, answers: Answers) -> bool:
    """A method that builds evidence is the first step when evidence is limited."""
    return answers.evidence == "limited" and m.builds_evidence


def allowed(m: MethodData, answers: Answers) -> bool:
    """Hard limits from the stated resources and timescale."""
    if answers.funding == "none" and m.cost == "high":
        return False
    # Proving the intervention comes before the spread's clock starts, so the timescale does
    # not rule out an evidence-building method when evidence is limited.
    return not (
        answers.timescale == "short" and m.time_to_effect == "long" and not proves(m, answers)
    )


class _Combination:
    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        self.picks: list[Pick] = []

    def fits(self, m: MethodData) -> bool:
        if any(p.method.slug == m.slug for p in self.picks) or not allowed(m, self.answers):
            return False
        if sum(p.method.approach == m.approach for p in self.picks) >= MAX_PER_APPROACH:
            return False
        return not (
            self.answers.capacity == "limited"
            and m.capacity == "high"
            and any(p.method.capacity == "high" for p in self.picks)
        )

    def add_first(
        self,
        ranked: list[tuple[MethodData, int]],
        role: str,
        want: Callable[[MethodData], bool] | None = None,
    ) -> bool:
        for m, score in ranked:
            if (want is None or want(m)) and self.fits(m):
                self.picks.append(Pick(m, score, role))
                return True
        return False

    @property
    def approaches(self) -> set[str]:
        return {p.method.approach for p in self.picks}


def _outside(approaches: Collection[str], method: MethodData) -> bool:
    return method.approach not in approaches


def choose(ranked: list[tuple[MethodData, int]], answers: Answers) -> list[Pick]:
    """Pick ~5 complementary methods from (method, score) pairs ranked best first."""
    combo = _Combination(answers)
    good = [(m, s) for m, s in ranked if s >= GOOD_ENOUGH]
    if answers.evidence == "limited":
        # Proving comes first whatever the fit, so the best prover is taken even if weak; a
        # second only if it fits well.
        role = "Proves it works: generates the evidence you need before spreading."
        combo.add_first(ranked, role, lambda m: m.builds_evidence)
        for _ in range(MAX_PROVERS - 1):
            combo.add_first(good, role, lambda m: m.builds_evidence)
    if answers.motivation == "mixed":
        # A mixed audience needs both a reason to adopt and a wish to: one lever of each kind.
        if not any(leans_extrinsic(p.method) for p in combo.picks):
            combo.add_first(
                good,
                "Extrinsic lever: gives organisations a concrete reason to adopt.",
                leans_extrinsic,
            ) or combo.add_first(
                ranked,
                "Extrinsic lever: gives organisations a concrete reason to adopt.",
                leans_extrinsic,
            )
        if not any(leans_intrinsic(p.method) for p in combo.picks):
            combo.add_first(
                good,
                "Intrinsic driver: builds ownership through purpose and peers.",
                leans_intrinsic,
            ) or combo.add_first(
                ranked,
                "Intrinsic driver: builds ownership through purpose and peers.",
                leans_intrinsic,
            )
    # Breadth first: spread relies on several approaches working together.
    while len(combo.approaches) < WANTED_APPROACHES and len(combo.picks) < TARGET_SIZE:
        present = combo.approaches
        if not combo.add_first(
            good,
            "Adds a different approach to the mix.",
            partial(_outside, present),
        ):
            break
    while len(combo.picks) < TARGET_SIZE and combo.add_first(good, "Strong fit for your answers."):
        pass
    while len(combo.picks) < MIN_SIZE and combo.add_first(
        ranked, "Fills a gap in the combination, though a weaker fit."
    ):
        pass
    return combo.picks


def _step(m: MethodData, answers: Answers) -> int:
    """0 now, 1 next, 2 later."""
    if proves(m, answers):
        return 0
    step = ORDER[m.time_to_effect]
    if not EARLY_STAGES.intersection(m.stages):
        step = max(step, 1)  # tools for spreading and sustaining follow early adoption
    if answers.evidence == "limited":
        step = max(step, 1)  # nothing is spread before it is proven
    if answers.timescale == "short":
        step = min(step, 1)
    return step


PHASE_NAMES = {
    ("limited", "now"): "Now: prove it works",
    ("limited", "next"): "Next: prepare to spread",
    ("limited", "later"): "Later: spread and embed",
    ("other", "now"): "Now: get started",
    ("other", "next"): "Next: build momentum and spread",
    ("other", "later"): "Later: embed and sustain",
}
NOW_WITHOUT_PROOF = "Now: prepare while you gather evidence"
PHASE_DESCRIPTIONS = {
    "now": "Start these straight away.",
    "next": "Begin once the first phase is under way and showing results.",
    "later": "These take longest to bite; bring them in to reach scale and make the change stick.",
}
PROVE_DESCRIPTION = "Pilot and evaluate in real settings before committing to spread."
WHENS = ("now", "next", "later")


def phases(picks: list[Pick], answers: Answers) -> tuple[Phase, ...]:
    """Group the picks into at most three phases (two for a short timescale), empty ones dropped."""
    groups: list[list[Pick]] = [[], [], []]
    for pick in picks:
        groups[_step(pick.method, answers)].append(pick)
    kept = [g for g in groups if g]
    out = []
    for when, group in zip(WHENS, kept, strict=False):
        proving = when == "now" and any(proves(p.method, answers) for p in group)
        key = "limited" if answers.evidence == "limited" else "other"
        name = PHASE_NAMES[(key, when)]
        if key == "limited" and when == "now" and not proving:
            name = NOW_WITHOUT_PROOF
        out.append(
            Phase(
                name=name,
                when=when,
                methods=tuple(p.method.slug for p in group),
                concurrent=len(group) > 1,
                description=PROVE_DESCRIPTION if proving else PHASE_DESCRIPTIONS[when],
            )
        )
    return tuple(out)
