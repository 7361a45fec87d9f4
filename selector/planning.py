"""Composing a plan by function, and phasing it in time.

A plan is not the top five scores: it is a small set of methods that between them do the jobs
the situation needs (the ``Function`` vocabulary: signal the priority, prove it works, support
implementation, measure and feed back, and so on). Which jobs, and how many methods, follow
from the answers as the guide reasons about them:

* evidence first: with limited or promising evidence a method that generates evidence leads;
* a proven intervention spreading to a large audience needs a priority signal, implementation
  support and a way to measure and feed back progress;
* incentives or mandates where the audience is moved by them, peers and skills where it is
  moved from within, one of each where motivation is mixed (push with pull);
* implementation support beside any mandate;
* a complex intervention or situation needs people connected across boundaries;
* the number of methods follows scale, capacity and complexity.

The rules read the methods' curated attributes (functions, motivation, cost, time to effect),
never their names, so they hold for any guide content. Only feasible methods reach this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from content.snapshot import MethodData

from .answers import Answers
from .recommendation import Phase
from .scoring import AUDIENCE_WORDS, words

SIGNAL, PROVE, CAPABILITY, IMPLEMENTATION = "signal", "prove", "capability", "implementation"
CONNECT, INCENTIVISE, MANDATE, MEASURE = "connect", "incentivise", "mandate", "measure"

PUSH = frozenset({INCENTIVISE, MANDATE})

MAX_PER_APPROACH = 2
# A method this far below neutral is not taken to fill a job: a poor fit is worse than none.
FLOOR = 40
# Extra methods beyond the jobs only when they fit well.
GOOD_ENOUGH = 52
# How many points of fit a job gives up to take a method from an approach not yet used twice.
VARIETY_WORTH = 10
MIN_SIZE, MAX_SIZE = 2, 7

BASE_SIZE = {"small": 3, "medium": 4, "large": 5}
CAPACITY_STEP = {"limited": -1, "moderate": 0, "substantial": 1}


def plan_size(answers: Answers) -> int:
    """Two or three methods for a few local teams with little capacity, more for a national
    programme: scale, capacity and complexity decide, not a constant."""
    size = BASE_SIZE[answers.audience_size] + CAPACITY_STEP[answers.capacity]
    if answers.level == "national" and answers.audience_size == "large":
        size += 1
    if answers.overall_complexity == "complex" and answers.audience_size != "small":
        size += 1
    if answers.evidence == "limited":
        size = min(size, 3)  # proving it and preparing to spread; the spread plan comes later
    return max(MIN_SIZE, min(MAX_SIZE, size))


@dataclass(frozen=True)
class Job:
    """A function the plan needs, and which methods can fill it."""

    functions: tuple[str, ...]  # any of these will do
    motivation: str = ""  # when set, the method must lean this way (or be mixed)
    why: str = ""


@dataclass(frozen=True)
class _Plan:
    size: int
    # Each job, most important first, with the functions it does other than proving and the
    # floor below which a method is too poor a fit to fill it.
    jobs: tuple[tuple[Job, frozenset[str], int], ...]
    needed: tuple[str, ...]  # every job's functions, in order


def _build_plan(answers: Answers) -> _Plan:
    jobs = jobs_for(answers)
    return _Plan(
        size=plan_size(answers),
        jobs=tuple(
            (
                job,
                frozenset(f for f in job.functions if f != PROVE),
                # Proving comes first whatever the fit: with weak evidence there is no plan
                # without it. (Waves for a proven intervention are taken only if they fit.)
                0 if index == 0 and job.functions == (PROVE,) and job.why != "waves" else FLOOR,
            )
            for index, job in enumerate(jobs)
        ),
        needed=tuple(f for job in jobs for f in job.functions),
    )


PlanKey = tuple[str, str, str, str, str, bool, str, str, bool]
# How far a proven intervention has spread, where that changes its plan: used nowhere yet (a
# first wave) or at one site (waves to the next ones); "" for anything else.
_EARLY_SPREAD = frozenset({"none", "one-site"})


def plan_key(answers: Answers) -> PlanKey:
    """What the plan's size and jobs depend on, with the answers ``jobs_for`` and
    ``plan_size`` treat alike folded together (only whether there is any funding, whether a
    proven intervention is used nowhere or at one site yet, whether it is a workforce change,
    and the overall complexity), so a few thousand plans cover every answer set. Robustness asks for a plan
    per neighbouring answer set; tests check every combination against ``_build_plan``."""
    return (
        answers.evidence,
        answers.spread_so_far
        if answers.evidence == "strong" and answers.spread_so_far in _EARLY_SPREAD
        else "",
        answers.audience_size,
        answers.level,
        answers.motivation,
        answers.funding == "none",
        answers.overall_complexity,
        answers.capacity,
        answers.intervention == "workforce",
    )


@lru_cache(maxsize=16384)  # 3 x 3 x 3 x 3 x 3 x 2 x 3 x 3 x 2 = 8,748 keys at most
def plan_for_key(key: PlanKey) -> _Plan:
    evidence, spread, size, level, motivation, no_funding, complexity, capacity, workforce = key
    return _build_plan(
        Answers(
            evidence=evidence,
            complexity=complexity,
            level=level,
            audience_size=size,
            motivation=motivation,
            energy="moderate",
            timescale="medium",
            funding="none" if no_funding else "limited",
            capacity=capacity,
            intervention="workforce" if workforce else "",
            spread_so_far=spread,
        )
    )


def jobs_for(answers: Answers) -> list[Job]:
    """The jobs this plan needs, most important first."""
    jobs: list[Job] = []
    if answers.evidence == "limited":
        jobs.append(Job((PROVE,), why="limited"))
        jobs.append(Job((CONNECT, SIGNAL), why="prepare"))
        return jobs
    if answers.evidence == "promising":
        jobs.append(Job((PROVE,), why="promising"))
    elif answers.spread_so_far == "none":
        # Strong evidence from trials, but used in no routine service yet: a first wave shows
        # it works in real services (and surfaces what gets in the way) before the spread.
        jobs.append(Job((PROVE,), why="first-wave"))
    elif answers.spread_so_far == "one-site":
        # Proven, but used at one site: planned waves take it to the next sites, each learning
        # from the last, so what it needs beyond its first home comes to light.
        jobs.append(Job((PROVE,), why="waves"))
    wide = answers.audience_size != "small" or answers.level != "local"
    if wide:
        jobs.append(Job((SIGNAL,)))
    jobs.append(Job((IMPLEMENTATION,)))
    if answers.intervention == "workforce":
        # A role or way of working spreads through the people who take it on: train them.
        jobs.append(Job((CAPABILITY,), why="workforce"))
    if answers.motivation in ("extrinsic", "mixed"):
        push = (INCENTIVISE, MANDATE) if answers.funding != "none" else (MANDATE, INCENTIVISE)
        jobs.append(Job(push, motivation="extrinsic"))
    if answers.motivation in ("intrinsic", "mixed") or answers.overall_complexity == "complex":
        jobs.append(Job((CONNECT,), motivation="intrinsic"))
    if answers.audience_size == "large" or answers.level == "national":
        jobs.append(Job((MEASURE,)))
    if answers.audience_size != "small":
        jobs.append(Job((CAPABILITY,)))
    return jobs


Candidate = tuple[int, MethodData, int]  # (position, method, score)


class Pick(NamedTuple):
    # A tuple, not a dataclass: robustness builds a few hundred of these per recommendation.
    method: MethodData
    score: int
    function: str
    position: int  # in the prepared method order


class _Combination:
    __slots__ = (
        "available",
        "candidates",
        "covered",
        "favoured",
        "job_of",
        "per_approach",
        "picks",
        "prove_only",
        "taken",
    )

    def __init__(
        self,
        candidates: list[Candidate],
        prove_only: int | None,
        favoured: str | None = None,
    ) -> None:
        self.candidates = candidates  # (position, method, score), best first
        self.favoured = favoured  # the approach that fits best, to lead the plan
        self.job_of: dict[int, Job] = {}  # position -> the job it was chosen for
        self.picks: list[Pick] = []
        self.taken: set[int] = set()
        self.prove_only = prove_only
        self.per_approach: dict[str, int] = {}
        self.covered: set[str] = set()  # every function of every pick
        # every function some candidate does
        self.available: set[str] = set().union(*[m.functions for _, m, _ in candidates])

    def _room(self, m: MethodData) -> bool:
        return self.per_approach.get(m.approach, 0) < MAX_PER_APPROACH

    def fill(self, job: Job, floor: int) -> bool:
        for function in job.functions:
            found = self._best_for(function, job.motivation, floor)
            if found is not None:
                self.add(*found, function)
                self.job_of[found[0]] = job
                return True
        return False

    def _best_for(self, function: str, motivation: str, floor: int) -> Candidate | None:
        """The method to do this job with this function, if any fits well enough."""
        if function not in self.available:
            return None  # no feasible method does it: nothing to scan for
        taken = self.taken
        per_approach = self.per_approach
        crowded: Candidate | None = None
        for candidate in self.candidates:
            position, m, score = candidate
            if score < floor:
                break  # best first: the rest are weaker still
            if function not in m.functions or position in taken:
                continue
            if position == self.prove_only and function != PROVE:
                continue  # spared the resource rules only to lead the test
            if motivation and m.motivation not in (motivation, "mixed"):
                continue
            if per_approach.get(m.approach, 0) >= MAX_PER_APPROACH:
                if crowded is None and score >= GOOD_ENOUGH:
                    crowded = candidate
                continue
            if crowded is not None and (score < GOOD_ENOUGH or crowded[2] - score > VARIETY_WORTH):
                # Variety across approaches is worth having, but not at the price of a poor
                # fit when a good one is to hand.
                return crowded
            return candidate
        return crowded

    def draw_on(self, approach: str, needed: tuple[str, ...]) -> None:
        """Swap in a method of ``approach`` for a pick doing the same job nearly as well
        (within what variety is worth), so the plan draws on the approach ranked first. The
        test that proves it stays, and nothing the plan relied on the old pick for is lost."""
        for i, pick in enumerate(self.picks):
            if pick.function == PROVE:
                continue
            others = set().union(*[p.method.functions for p in self.picks if p is not pick])
            relied_on = set(pick.method.functions).intersection(needed) - others
            job = self.job_of.get(pick.position)
            functions = job.functions if job else (pick.function,)
            lean = job.motivation if job else ""
            relied_on -= set(functions)  # the job itself is done by whichever function
            bar = max(FLOOR, pick.score - VARIETY_WORTH)
            for position, m, score in self.candidates:
                if score < bar:
                    break  # best first: the rest are weaker still
                if m.approach != approach or position in self.taken:
                    continue
                function = next((f for f in functions if f in m.functions), None)
                if position == self.prove_only or function is None:
                    continue
                if lean and m.motivation not in (lean, "mixed"):
                    continue  # keep the lean the job asked for
                if not relied_on <= set(m.functions):
                    continue
                self.job_of[position] = job if job else Job((function,))
                self.picks[i] = Pick(m, score, function, position)
                self.taken.discard(pick.position)
                self.taken.add(position)
                self.per_approach[pick.method.approach] -= 1
                self.per_approach[approach] = self.per_approach.get(approach, 0) + 1
                self.covered = {f for p in self.picks for f in (p.function, *p.method.functions)}
                return

    def add(self, position: int, m: MethodData, score: int, function: str) -> None:
        self.picks.append(Pick(m, score, function, position))
        self.taken.add(position)
        self.per_approach[m.approach] = self.per_approach.get(m.approach, 0) + 1
        self.covered.add(function)
        self.covered.update(m.functions)

    def drop(self, function: str) -> None:
        """Take out the picks made for this job (when what must go with it cannot be found)."""
        self.picks = [p for p in self.picks if p.function != function]

    def covers(self, function: str) -> bool:
        return function in self.covered


def choose(
    candidates: list[Candidate],
    answers: Answers,
    prove_only: int | None = None,
    favoured: str | None = None,
) -> list[Pick]:
    """Fill the plan's jobs from feasible (position, method, score) triples ranked best first.

    ``prove_only``: a method that may only be chosen to prove the intervention. ``favoured``:
    the approach ranked first, which the plan should draw on where it can do a job nearly as
    well as the best, so the ranking and the plan say the same thing."""
    combo = _Combination(candidates, prove_only, favoured)
    plan = plan_for_key(plan_key(answers))
    size = plan.size
    for job, others, floor in plan.jobs:
        if len(combo.picks) >= size:
            break
        if not job.motivation and not others.isdisjoint(combo.covered):
            continue  # already done by a method chosen for another job
        combo.fill(job, floor)
    # Push with pull: a mixed audience needs a lever of each kind (a method working through
    # both counts as either). It may take the plan one past its size.
    if answers.motivation == "mixed" and answers.evidence != "limited":
        for lean in ("extrinsic", "intrinsic"):
            leaning = (lean, "mixed")
            if len(combo.picks) <= size and not any(
                [p.method.motivation in leaning for p in combo.picks]
            ):
                combo.fill(LEANING_JOBS[lean], FLOOR)
    _add_extras(combo, answers, size, candidates)
    if favoured and favoured not in combo.per_approach:
        # Nothing went to the approach ranked first: one of its methods joins the plan if it
        # fits well and adds something (it may take the plan one past its size), or else takes
        # a job it does nearly as well.
        mine = [c for c in candidates if c[1].approach == favoured]
        _add_extras(combo, answers, size + 1, mine, 1)
        if favoured not in combo.per_approach:
            combo.draw_on(favoured, plan.needed)
    # Support beside any mandate: a requirement without help breeds compliance, not change.
    # The support must be a job in the plan, not a side effect of a method chosen for another,
    # and it may take the plan one past its size.
    jobs_done = {p.function for p in combo.picks}
    unsupported = MANDATE in jobs_done and jobs_done.isdisjoint(SUPPORT_JOB.functions)
    if unsupported and not combo.fill(SUPPORT_JOB, 0):
        combo.drop(MANDATE)
    if not combo.picks:
        _first_step(combo, answers, plan.needed)
    return combo.picks


def _add_extras(
    combo: _Combination,
    answers: Answers,
    size: int,
    candidates: list[Candidate],
    most: int = MAX_SIZE,
) -> None:
    """Beyond the jobs, well-fitting methods that add a job the plan does not do yet."""
    added = 0
    for position, m, score in candidates:
        if len(combo.picks) >= size or score < GOOD_ENOUGH or added >= most:
            break  # best first: once one falls short, the rest do too
        if position in combo.taken or position == combo.prove_only or not combo._room(m):
            continue
        if answers.evidence == "limited" and not (m.builds_evidence or _prepares(m)):
            continue
        if _against_the_grain(m, answers):
            continue  # no job asked for it, and it pulls the other way from what moves them
        fresh = [f for f in m.functions if f not in combo.covered]
        if not fresh:
            continue  # adds nothing the plan does not already do
        combo.add(position, m, score, fresh[0])
        added += 1


def _first_step(combo: _Combination, answers: Answers, needed: tuple[str, ...]) -> None:
    """No dead ends: when no feasible method clears the bar for any job, the best feasible one
    still gives the leader something to do now, in the job it does that the plan needs most.

    Every method here has passed the rules, so it is one the leader can take up themselves;
    a weak fit beats a plan that leaves them with nothing."""
    for position, m, score in combo.candidates:
        if position == combo.prove_only and PROVE not in m.functions:
            continue
        if answers.evidence == "limited" and not (m.builds_evidence or _prepares(m)):
            continue  # nothing is spread before it is proven
        ranked = sorted(
            m.functions,
            key=lambda f: (f not in needed, needed.index(f) if f in needed else 0),
        )
        if position == combo.prove_only:
            ranked = [PROVE]
        if ranked:
            combo.add(position, m, score, ranked[0])
            return


def _against_the_grain(m: MethodData, answers: Answers) -> bool:
    """A method relying on one kind of motivation, for an audience moved mainly by the other;
    or a push lever for an audience moved from within (incentives only where they fit)."""
    if answers.motivation == "intrinsic" and PUSH.intersection(m.functions):
        return True
    return answers.motivation != "mixed" and m.motivation not in (answers.motivation, "mixed")


def _prepares(m: MethodData) -> bool:
    return bool({CONNECT, SIGNAL, CAPABILITY} & set(m.functions))


FUNCTION_ORDER = (PROVE, SIGNAL, IMPLEMENTATION, INCENTIVISE, MANDATE, CONNECT, MEASURE, CAPABILITY)
# Any job but proving, done by a method leaning one way: push with pull for a mixed audience.
LEANING_JOBS = {
    lean: Job(tuple(f for f in FUNCTION_ORDER if f != PROVE), motivation=lean)
    for lean in ("extrinsic", "intrinsic")
}
SUPPORT_JOB = Job((IMPLEMENTATION, CAPABILITY))


# --- Role sentences: what each method does in this plan, in this context. ---

SCOPE = {"local": "your area", "regional": "your system", "national": "England"}
UNITS = {
    "small": "few teams",
    "medium": "teams and services",
    "large": "many organisations",
}
MOTIVE = {"extrinsic": "by incentives and requirements", "mixed": "partly by incentives"}


def _who(answers: Answers) -> str:
    if answers.audience:
        return words(answers.audience, AUDIENCE_WORDS, last="and")
    return f"the {UNITS[answers.audience_size]} that must adopt it"


def _lower_first(name: str) -> str:
    # Names are written for headings; in a sentence only acronyms keep their capitals.
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def role(pick: Pick, answers: Answers, mandate: str) -> str:
    """One sentence on what this method does in this plan (never a generic filler): how the
    method does its job, in its curated words, and what that achieves for these answers. A
    method without those words, and a test of an unproven intervention (whatever the method
    would do in a spread, here it tests), are said from the job alone."""
    means = pick.method.plan_role
    if means and not (pick.function == PROVE and answers.evidence == "limited"):
        return f"{means}, {_purpose(pick, answers, mandate)}."
    return _job_role(pick, answers, mandate)


def _purpose(pick: Pick, answers: Answers, mandate: str) -> str:
    """What the method's job achieves in this plan, as the end of a sentence."""
    f = pick.function
    scope = SCOPE[answers.level]
    units = UNITS[answers.audience_size]
    if f == PROVE:
        if answers.evidence == "promising":
            return (
                f"extending it in stages across {scope} with an evaluation at each stage, so "
                "the promising early results are confirmed before anything locks it in"
            )
        return f"taking it to the {units} in planned waves, each learning from the last"
    if f == SIGNAL:
        if answers.evidence == "limited":
            return (
                f"so that {_who(answers)} know a test is under way and the ground is ready if "
                "the results are good"
            )
        return f"so that {_who(answers)} across {scope} see that this is a priority with backing"
    if f == IMPLEMENTATION:
        beside = (
            f", beside {_lower_first(mandate)}, so the requirement can be met" if mandate else ""
        )
        return f"giving the {units} adopting it hands-on help to put it in place{beside}"
    if f == MEASURE:
        return (
            f"so that progress across {scope} is visible to the {units} adopting it and those "
            "lagging can be helped"
        )
    if f == INCENTIVISE:
        motive = MOTIVE.get(answers.motivation, "by more than purpose alone")
        return f"giving organisations moved {motive} a concrete reason to adopt it, {FUNDED[answers.funding]}"
    if f == MANDATE:
        return (
            f"making it the expected standard across {scope}, now the evidence is strong, so "
            "that late adopters follow the early ones"
        )
    if f == CONNECT:
        if answers.evidence == "limited":
            return (
                "so that the people who would use it shape the test and it answers their questions"
            )
        adapt = (
            "adapt it to each place"
            if answers.overall_complexity == "complex"
            else "solve problems together"
        )
        return f"so that {_adopters(answers, units)} learn from each other and {adapt}"
    return (
        f"so that the people who deliver the change in the {units} do it well beyond the first "
        "enthusiasts"
    )


FUNDED = {
    "none": "without new money of its own",
    "limited": "within limited funding",
    "substantial": "with the funding you have",
}


def _adopters(answers: Answers, units: str) -> str:
    who = words(answers.audience, AUDIENCE_WORDS, last="and") if answers.audience else ""
    return who or f"the {units} adopting it"


def _job_role(pick: Pick, answers: Answers, mandate: str) -> str:
    f = pick.function
    scope = SCOPE[answers.level]
    units = UNITS[answers.audience_size]
    if f == PROVE:
        if answers.evidence == "limited":
            if answers.funding == "none":
                return (
                    "Starts as a no-cost test in one setting, measured from day one, "
                    "so there is evidence before anyone is asked to adopt it."
                )
            return (
                "Tests it in a first few real settings and evaluates the results, so "
                "the decision to spread rests on whether it works."
            )
        if answers.evidence == "promising":
            return (
                f"Extends it in stages across {scope} with an evaluation at each "
                "stage, so the promising early results are confirmed before anything locks "
                "it in."
            )
        return f"Takes it to the {units} in planned waves, each learning from the last."
    if f == SIGNAL:
        if answers.evidence == "limited":
            return (
                f"Tells {_who(answers)} what problem this addresses and that a test "
                "is under way, so the ground is ready if the results are good."
            )
        return (
            f"Signals to {_who(answers)} across {scope} that this is a priority, so "
            "adoption has visible backing from the start."
        )
    if f == IMPLEMENTATION:
        beside = (
            f", beside {_lower_first(mandate)}, so that the requirement can be met"
            if mandate
            else ""
        )
        return f"Gives the {units} adopting it hands-on help to put it in place{beside}."
    if f == MEASURE:
        return (
            f"Feeds data on uptake and results back to the {units} adopting it, so "
            f"progress across {scope} is visible and those lagging can be helped."
        )
    if f == INCENTIVISE:
        motive = MOTIVE.get(answers.motivation, "by more than purpose alone")
        return (
            f"Gives organisations moved {motive} a concrete reason to adopt it, "
            f"{FUNDED[answers.funding]}."
        )
    if f == MANDATE:
        return (
            f"Makes it the expected standard across {scope}, now the evidence is "
            "strong, so that late adopters follow the early ones."
        )
    if f == CONNECT:
        if answers.evidence == "limited":
            return (
                "Brings in the people who would use it while it is tested, so the "
                "test answers their questions too."
            )
        adapt = (
            "adapt it to each place"
            if answers.overall_complexity == "complex"
            else "solve problems together"
        )
        return f"Links {_adopters(answers, units)} so they learn from each other and {adapt}."
    # CAPABILITY
    return (
        f"Builds the skills of the people who deliver the change in the {units}, so it "
        "is done well beyond the first enthusiasts."
    )


# --- Phasing ---

ORDER = {"short": 0, "medium": 1, "long": 2}
EARLY_STAGES = frozenset({"prototype", "testing", "early-adoption"})


def _step(pick: Pick, answers: Answers) -> int:
    """0 now, 1 next, 2 later."""
    m = pick.method
    if answers.evidence == "limited":
        return 0 if pick.function == PROVE else 1  # nothing is spread before it is proven
    if pick.function in (PROVE, SIGNAL):
        return 0  # evaluation and the priority signal open the plan
    if answers.timescale == "short":
        # Only what acts within the timescale can lead; the rest sustains the change.
        return 0 if ORDER[m.time_to_effect] <= 1 else 1
    # What acts within the timescale starts now: with 6 to 18 months a lever taking that long
    # cannot wait for a later phase; with longer, the slower levers follow the quick ones.
    step = ORDER[m.time_to_effect] - (1 if answers.timescale == "medium" else 0)
    step = max(step, 0)
    # Requirements and sustaining tools follow early adoption, unless it is already in use in
    # many sites (then early adoption is behind it, and they are what takes it the rest of
    # the way).
    early = pick.function == MANDATE or not EARLY_STAGES.intersection(m.stages)
    if early and answers.spread_so_far != "many-sites":
        step = max(step, 1)
    if answers.evidence == "promising":
        step = max(step, 1)  # the rest widens as the evaluation reports
    return step


PHASE_NAMES = {
    ("limited", "now"): "Now: prove it works",
    ("limited", "next"): "Next: prepare to spread",
    ("limited", "later"): "Later: spread and embed",
    ("promising", "now"): "Now: roll out in stages and evaluate",
    ("promising", "next"): "Next: widen as the evidence comes in",
    ("promising", "later"): "Later: embed once the evidence is in",
    ("strong", "now"): "Now: get started",
    ("strong", "next"): "Next: build momentum and spread",
    ("strong", "later"): "Later: embed and sustain",
}
PHASE_DESCRIPTIONS = {
    "now": "Start these straight away.",
    "next": "Begin once the first phase is under way and showing results.",
    "later": "These take longest to bite; bring them in to reach scale and make the change stick.",
}
NOW_SHORT = (
    "Start all of these at once: with under 6 months there is no time to wait, and those with "
    "a caveat keep working after the deadline."
)
PROVE_DESCRIPTION = "Pilot and evaluate in real settings before committing to spread."
STAGED_DESCRIPTION = "Extend it step by step and evaluate each step before the next."
WHENS = ("now", "next", "later")


def phases(picks: list[Pick], answers: Answers) -> tuple[Phase, ...]:
    """Group the picks into at most three phases, empty ones dropped, so the first holds the
    methods that act first."""
    steps = [_step(pick, answers) for pick in picks]
    mandates = [step for pick, step in zip(picks, steps, strict=True) if pick.function == MANDATE]
    if mandates:
        # Support starts no later than the requirement it helps people meet.
        support = [i for i, p in enumerate(picks) if p.function in SUPPORT_JOB.functions]
        if support and min(steps[i] for i in support) > min(mandates):
            steps[support[0]] = min(mandates)
    groups: list[list[Pick]] = [[], [], []]
    for pick, step in zip(picks, steps, strict=True):
        groups[step].append(pick)
    kept = [g for g in groups if g]
    out = []
    for when, group in zip(WHENS, kept, strict=False):
        name = PHASE_NAMES[(answers.evidence, when)]
        description = PHASE_DESCRIPTIONS[when]
        if when == "now":
            if answers.evidence == "limited":
                description = PROVE_DESCRIPTION
            elif answers.evidence == "promising":
                description = STAGED_DESCRIPTION
            elif answers.timescale == "short":
                description = NOW_SHORT
        out.append(
            Phase(
                name=name,
                when=when,
                methods=tuple(p.method.slug for p in group),
                concurrent=len(group) > 1,
                description=description,
            )
        )
    return tuple(out)
