"""The one view-model of a plan: the result page, a saved plan, the API and every export read it.

Built either from a fresh ``Recommendation`` (a result not yet saved) or from a saved ``Plan``
(with the leader's title, choices, order, notes and board fields). Every wording a reader sees
(readiness, phase titles, the headline, points) is decided here once, so no template or export
branches on the engine's codes. Guide Markdown is flattened; user text is kept as typed (each
format escapes it its own way).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.text import slugify

from content.markdown import markdown_to_text
from content.snapshot import GuideSnapshot, get_snapshot

from .answers import Answers
from .models import Plan
from .plan_board import Board, board_from
from .plans import leader_phases, plan_phases, recommendation_from_data
from .recommendation import Phase, Reason, Recommendation, ScoredMethod

DEFAULT_TITLE = "Spread plan"
SCHEMA = "spread-guide/plan-summary@2"
CREDITS = (
    "Spread Guide summarises NHS England's public material on spread and scale in its own "
    "words. Scores and reasons come from Spread Guide's recommendation engine; check them "
    "against local knowledge. The sources below are where the guide's content comes from."
)
MINUS = "\N{MINUS SIGN}"


@dataclass(frozen=True)
class Readiness:
    label: str
    tag: str  # the NHS.UK tag colour modifier
    advice: str  # said when the engine gives no advice of its own


READINESS = {
    "ready": Readiness("Ready to spread", "green", "The intervention has the evidence to spread."),
    "caution": Readiness(
        "Spread with care",
        "yellow",
        "Spread it, but keep checking that it works as well in each new place.",
    ),
    "not-ready": Readiness(
        "Not ready to spread yet",
        "red",
        "Prove that the intervention works before you spread it.",
    ),
}
UNKNOWN_READINESS = Readiness("Readiness not known", "grey", "")

# How far ahead the plan looks, by the timescale answer: used to draw indicative months when
# the leader has not set a phase's months.
TIMESCALE_MONTHS = {"short": 6, "medium": 18, "long": 36}
WHY_BULLETS = 3


def readiness_for(value: str) -> Readiness:
    return READINESS.get(value, UNKNOWN_READINESS)


@dataclass(frozen=True)
class AnswerLine:
    question: str
    label: str
    answer: str
    value: str | tuple[str, ...]  # as given, for tools that read the data


@dataclass(frozen=True)
class ReasonLine:
    text: str
    points: int  # added (positive) or taken away (negative); 0 for a note
    points_text: str  # "+5", "-3" (with a minus sign) or ""


@dataclass(frozen=True)
class AssessedLine:
    """A field the guide's editors rated themselves, shown as "our assessment"."""

    field: str
    text: str


@dataclass(frozen=True)
class ApproachLine:
    rank: int
    slug: str
    name: str
    url: str
    score: int
    bar: int  # the score clamped to 0-100, the length of its bar
    equally_good: bool  # within the score margin of the best approach (and not the best)
    in_plan: bool  # at least one of its methods is in the plan
    reasons: tuple[ReasonLine, ...]
    limitations: tuple[str, ...]
    assessed: tuple[AssessedLine, ...]


@dataclass(frozen=True)
class ConsiderationLine:
    topic: str
    text: str


@dataclass(frozen=True)
class MethodLine:
    position: int  # 1-based, in plan order
    slug: str
    name: str
    kind: str
    approach: str  # the approach's name
    approach_slug: str
    url: str
    score: int | None  # None if it was added after the scores were computed
    origin: str  # "recommended" or "added"
    origin_label: str
    role: str
    function: str  # the spread function it fills, in words
    caveat: str
    phase: str  # the phase's title
    phase_when: str
    reasons: tuple[ReasonLine, ...]
    considerations: tuple[ConsiderationLine, ...]
    resources: str
    timeframe: str
    assessed: tuple[AssessedLine, ...]
    note: str


@dataclass(frozen=True)
class ScoredMethodLine:
    """Every published method with its score, recommended or not (for the API and appendix)."""

    slug: str
    name: str
    kind: str
    approach_slug: str
    score: int
    recommended: bool
    reasons: tuple[ReasonLine, ...]
    considerations: tuple[str, ...]


@dataclass(frozen=True)
class PhaseLine:
    number: int
    when: str  # the phase key
    name: str  # the engine's name, e.g. "Now: get started"
    title: str  # e.g. "Phase 1 (now): get started"
    short: str  # e.g. "Now"
    description: str
    concurrent: bool  # the engine says its methods run at the same time
    together: str  # "At the same time" or "One after another"; "" for one method or none
    methods: tuple[str, ...]  # method names, in order
    method_slugs: tuple[str, ...]
    start_month: int
    end_month: int
    months: str  # e.g. "Months 1 to 6"
    months_set: bool  # False when the months are indicative, from the timescale answer
    owner: str
    cost_estimate: str
    success_measure: str
    # Its bar on the timeline graphic, in columns of ``PlanSummary.timeline_columns``.
    lead_cols: int
    span_cols: int
    trail_cols: int


@dataclass(frozen=True)
class NotRecommendedLine:
    slug: str
    name: str
    approach: str  # the approach's name
    url: str
    sentence: str
    rule: str = ""  # the feasibility rule's name


@dataclass(frozen=True)
class RiskLine:
    source: str  # the approach it comes from
    text: str


@dataclass(frozen=True)
class CaseLine:
    slug: str
    title: str
    url: str
    similarity: int
    shared: tuple[str, ...]
    summary: str
    outcomes: tuple[str, ...]
    assessed: tuple[AssessedLine, ...]


@dataclass(frozen=True)
class GuidanceLine:
    title: str
    url: str
    why: str


@dataclass(frozen=True)
class SourceLine:
    title: str
    publisher: str
    year: int | None
    url: str


@dataclass(frozen=True)
class ContestedLine:
    question: str
    answers: tuple[str, ...]  # e.g. "Limited (3)"
    changes_plan: bool
    outcome: str

    @property
    def effect(self) -> str:
        return "Changes the plan." if self.changes_plan else "Does not change the plan."


@dataclass(frozen=True)
class TeamLine:
    title: str
    members: int
    named: tuple[str, ...]
    closed_at: str
    contested: tuple[ContestedLine, ...]

    @property
    def sentence(self) -> str:
        """Who took part, in one sentence: the board paper and the lead's page both say it."""
        people = "person" if self.members == 1 else "people"
        text = (
            f"{self.members} {people} answered the planning questions in the team plan "
            f"\u201c{self.title}\u201d"
        )
        if self.closed_at:
            text += f", which closed on {self.closed_at}"
        text += "."
        if self.named:
            text += f" Named members: {', '.join(self.named)}."
        if self.members > len(self.named):
            text += " Others took part anonymously."
        return text


@dataclass(frozen=True)
class PlanSummary:
    title: str
    organisation: str
    owner: str
    date: datetime.date
    decision_sought: str
    answers: tuple[AnswerLine, ...]
    ready_to_spread: bool
    readiness: str
    readiness_label: str
    readiness_tag: str
    readiness_line: str  # one short sentence, for the at-a-glance panel
    readiness_advice: str  # the engine's advice, else the short sentence
    readiness_detail: str  # the engine's own advice, "" when it gave none
    lead_approach: str
    partner_approach: str
    headline: str  # one plain sentence naming the lead approach and its partner
    plan_sentence: str  # one sentence saying what happens in each phase
    why: tuple[str, ...]
    robustness: str
    robustness_changes: tuple[str, ...]
    score_margin: int
    approaches: tuple[ApproachLine, ...]
    methods: tuple[MethodLine, ...]
    phases: tuple[PhaseLine, ...]
    timeline_months: int
    timeline_unit: int  # months per column of the timeline graphic
    timeline_columns: tuple[str, ...]  # each column's months, e.g. "1" or "4-6"
    not_recommended: tuple[NotRecommendedLine, ...]
    risks: tuple[RiskLine, ...]  # the limitations of the approaches the plan draws on
    key_risks: tuple[str, ...]  # the leader's own, one a line
    case_examples: tuple[CaseLine, ...]
    guidance: tuple[GuidanceLine, ...]
    team: TeamLine | None
    credits: str
    note: str
    permalink: str
    content_version: str
    saved: bool
    board: Board | None = None  # a saved plan's phase details (months, owner, cost, measure)
    # What the parts only some outputs read (``scored_methods``, ``sources``) are built from,
    # when first asked for: a result page never reads them. Not part of the summary's value.
    built_from: _BuiltFrom | None = field(default=None, repr=False, compare=False)

    @cached_property
    def scored_methods(self) -> tuple[ScoredMethodLine, ...]:
        """Every published method with its score, recommended or not (the API and appendix)."""
        return self.scored_method_lines()

    def scored_method_lines(
        self, slugs: Collection[str] | None = None
    ) -> tuple[ScoredMethodLine, ...]:
        """``scored_methods``, or only those of ``slugs`` (in the same order): an answer that
        lists a few methods need not word every one."""
        if self.built_from is None:
            return ()
        return tuple(
            ScoredMethodLine(
                m.slug,
                m.name,
                m.kind,
                m.approach,
                m.score,
                m.recommended,
                _reasons(m.reasons),
                tuple(c.text for c in m.considerations),
            )
            for m in self.built_from.recommendation.methods
            if slugs is None or m.slug in slugs
        )

    @cached_property
    def sources(self) -> tuple[SourceLine, ...]:
        if self.built_from is None:
            return ()
        return tuple(
            SourceLine(s.title, s.publisher, s.year, s.url)
            for s in self.built_from.snapshot.sources
        )

    @property
    def filename_stem(self) -> str:
        """Safe ASCII file name (no extension) from the title, e.g. ``spread-plan-my-title``."""
        slug = slugify(self.title)[:80].strip("-")
        if not slug or slug == "spread-plan":
            return "spread-plan"
        return slug if slug.startswith("spread-plan-") else f"spread-plan-{slug}"

    @property
    def now_methods(self) -> tuple[str, ...]:
        return self.phases[0].methods if self.phases else ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(replace(self, built_from=None, board=None))
        del data["built_from"]
        data["date"] = self.date.isoformat()
        data["scored_methods"] = [asdict(m) for m in self.scored_methods]
        data["sources"] = [asdict(s) for s in self.sources]
        data["board"] = (
            None
            if self.board is None
            else {
                # The board's JSON has carried the decision and risks since it was added.
                "decision_sought": self.decision_sought,
                "key_risks": list(self.key_risks),
                "phases": [asdict(p) for p in self.board.phases],
            }
        )
        return {"schema": SCHEMA, **{name: data[name] for name in _DICT_ORDER}}


@dataclass(frozen=True)
class _BuiltFrom:
    recommendation: Recommendation
    snapshot: GuideSnapshot


def _dict_order() -> tuple[str, ...]:
    """The JSON export's keys, in the order they had when every part was a field."""
    names = [f.name for f in fields(PlanSummary) if f.name != "built_from"]
    names.insert(names.index("key_risks") + 1, "scored_methods")
    names.insert(names.index("guidance") + 1, "sources")
    return tuple(names)


_DICT_ORDER = _dict_order()


# --- Addresses ----------------------------------------------------------------------------


LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "0.0.0.0")


def _is_local(host: str) -> bool:
    return host.split(":")[0] in LOCAL_HOSTS or host.startswith("[::1]")


def public_base_url(request_base: str) -> str:
    """The site's public address: ``SITE_URL`` when set, else the host the request came to.

    A production export never names a local address: a request that reached the server as
    localhost (a health check, a proxy without the Host header) gets the first public host.
    """
    if getattr(settings, "SITE_URL", ""):
        return settings.SITE_URL
    host = urlsplit(request_base).netloc
    if getattr(settings, "PRODUCTION", False) and _is_local(host):
        public = [
            h.lstrip(".") for h in settings.ALLOWED_HOSTS if "*" not in h and not _is_local(h)
        ]
        if public:
            return f"https://{public[0]}"
    return request_base


def _absolute(base_url: str, url: str) -> str:
    if not base_url or not url or url.startswith(("http://", "https://")):
        return url
    return base_url.rstrip("/") + url


def result_path() -> str:
    return _result_path(get_urlconf(), get_script_prefix())


@lru_cache(maxsize=8)
def _result_path(urlconf: str | None, prefix: str) -> str:
    # Pure for a URL configuration and script prefix; every summary asks for it.
    try:
        return reverse("selector:result", urlconf=urlconf)
    except NoReverseMatch:
        return "/plan/result"


@lru_cache(maxsize=64)
def answers_query(answers: Answers) -> str:
    """The answers' canonical query string. A result page puts it in a dozen links and the
    summary in its permalink: built once per answer set, not once per use."""
    return answers.to_query()


def permalink_for(answers: Answers, base_url: str) -> str:
    return _absolute(base_url, f"{result_path()}?{answers_query(answers)}")


# --- Wording --------------------------------------------------------------------------------


def points_text(points: int) -> str:
    if points > 0:
        return f"+{points}"
    if points < 0:
        return f"{MINUS}{-points}"
    return ""


def _reasons(reasons: tuple[Reason, ...]) -> tuple[ReasonLine, ...]:
    return tuple(_reason_line(r.text, r.effect) for r in reasons)


# The lines below are immutable and their wording is the rules' and the guide's: a few hundred
# distinct ones, met again on every page. Each is built once and shared, instead of some ninety
# objects per summary (and what the collector then spends on them). Bounded, to be safe.
@lru_cache(maxsize=8192)
def _reason_line(text: str, points: int) -> ReasonLine:
    return ReasonLine(text, points, points_text(points))


_answer_line = lru_cache(maxsize=2048)(AnswerLine)
_not_recommended_line = lru_cache(maxsize=4096)(NotRecommendedLine)


def _assessed(marks: Mapping[str, str]) -> tuple[AssessedLine, ...]:
    return _assessed_lines(tuple(marks.items()))


@lru_cache(maxsize=2048)
def _assessed_lines(marks: tuple[tuple[str, str], ...]) -> tuple[AssessedLine, ...]:
    # A pure function of content fields, which every page shows again: built once per text.
    # Fields that share one reason (a method's ratings do) are named together, once.
    by_reason: dict[str, list[str]] = {}
    for name, text in marks:
        by_reason.setdefault(text, []).append(name.replace("_", " "))
    return tuple(
        AssessedLine(_and_list(names), markdown_to_text(text)) for text, names in by_reason.items()
    )


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@lru_cache(maxsize=64)
def _function_label(value: str) -> str:
    if not value:
        return ""
    from content import choices  # the vocabulary arrives with the decision model

    vocabulary = getattr(choices, "Function", None) or getattr(choices, "FUNCTION", None)
    labels = dict(getattr(vocabulary, "choices", ()) or ())
    return str(labels.get(value, value.replace("-", " ").capitalize()))


def phase_title(number: int, name: str) -> str:
    """ "Now: get started" as phase 1 reads "Phase 1 (now): get started"."""
    when, sep, rest = name.partition(": ")
    if sep and rest:
        return f"Phase {number} ({when.lower()}): {rest}"
    return f"Phase {number}: {name}"


def _short(name: str, number: int) -> str:
    when, sep, _rest = name.partition(": ")
    return when if sep else f"Phase {number}"


def join_words(items: list[str] | tuple[str, ...]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _months_label(start: int, end: int) -> str:
    return f"Month {start}" if start == end else f"Months {start} to {end}"


# --- Building -------------------------------------------------------------------------------


def _considerations(method: ScoredMethod) -> tuple[ConsiderationLine, ...]:
    return tuple(_consideration_line(c.topic_label, c.text) for c in method.considerations)


@lru_cache(maxsize=4096)
def _consideration_line(topic: str, text: str) -> ConsiderationLine:
    # The guide's own text: the same few dozen on every page (see _reason_line).
    return ConsiderationLine(topic, markdown_to_text(text))


def _method_line(
    position: int,
    scored: ScoredMethod | None,
    snapshot: GuideSnapshot,
    *,
    slug: str,
    name: str,
    phase_when: str,
    phase_title_: str,
    origin: str,
    note: str,
    base_url: str,
) -> MethodLine:
    data = snapshot.method(slug)
    approach = snapshot.approach(data.approach) if data else None
    reasons: tuple[ReasonLine, ...]
    considerations: tuple[ConsiderationLine, ...]
    if scored is not None:
        name, kind, url = scored.name, scored.kind, _absolute(base_url, scored.url)
        approach_name, approach_slug = scored.approach_name, scored.approach
        reasons, considerations = _reasons(scored.reasons), _considerations(scored)
    else:
        # Added from the guide after the scores were computed: no score, but its considerations.
        name = data.name if data else name
        kind = data.kind if data else ""
        url = _absolute(base_url, data.url) if data else ""
        approach_name = approach.name if approach else ""
        approach_slug = data.approach if data else ""
        reasons = ()
        considerations = tuple(
            ConsiderationLine(c.topic_label, markdown_to_text(c.text))
            for c in (data.considerations if data else ())
        )
    return MethodLine(
        position=position,
        slug=slug,
        name=name,
        kind=kind,
        approach=approach_name,
        approach_slug=approach_slug,
        url=url,
        score=scored.score if scored is not None else None,
        origin=origin,
        origin_label="Recommended" if origin == "recommended" else "Added by you",
        role=scored.role if scored is not None else "",
        function=_function_label(scored.function) if scored is not None else "",
        caveat=scored.caveat if scored is not None else "",
        phase=phase_title_,
        phase_when=phase_when,
        reasons=reasons,
        considerations=considerations,
        resources=markdown_to_text(data.resources_needed) if data else "",
        timeframe=markdown_to_text(data.timeframe) if data else "",
        assessed=_assessed(data.assessed) if data else (),
        note=note,
    )


@dataclass(frozen=True)
class _BoardPhase:
    """What the leader set for a phase on a saved plan."""

    start_month: int | None = None
    end_month: int | None = None
    owner: str = ""
    cost_estimate: str = ""
    success_measure: str = ""


def _phase_lines(
    phases: tuple[Phase, ...],
    placed: list[tuple[str, str, str]],  # (slug, name, phase key), in plan order
    horizon: int,
    board: dict[str, _BoardPhase],
) -> tuple[PhaseLine, ...]:
    """Each phase with its methods and months (the leader's, else an even share of the horizon)."""
    count = len(phases)
    months = []
    for number, phase in enumerate(phases, start=1):
        own = board.get(phase.when, _BoardPhase())
        share_start = (number - 1) * horizon // count + 1
        share_end = max(share_start, number * horizon // count)
        start = own.start_month or share_start
        end = max(start, own.end_month or (share_end if not own.start_month else start))
        months.append((own, start, end))
    # The grid first, so each line is made once, with its bar.
    unit, columns = _timeline_grid(max([horizon] + [end for _own, _start, end in months]))
    lines = []
    for number, (phase, (own, start, end)) in enumerate(zip(phases, months, strict=True), 1):
        names = tuple(name for _slug, name, key in placed if key == phase.when)
        slugs = tuple(slug for slug, _name, key in placed if key == phase.when)
        lead = (start - 1) // unit
        span = (end - 1) // unit - lead + 1
        lines.append(
            PhaseLine(
                number=number,
                when=phase.when,
                name=phase.name,
                title=phase_title(number, phase.name),
                short=_short(phase.name, number),
                description=markdown_to_text(phase.description),
                concurrent=phase.concurrent,
                together=(
                    ""
                    if len(names) < 2
                    else ("At the same time" if phase.concurrent else "One after another")
                ),
                methods=names,
                method_slugs=slugs,
                start_month=start,
                end_month=end,
                months=_months_label(start, end),
                months_set=own.start_month is not None,
                owner=own.owner,
                cost_estimate=own.cost_estimate,
                success_measure=own.success_measure,
                lead_cols=lead,
                span_cols=span,
                trail_cols=len(columns) - lead - span,
            )
        )
    return tuple(lines)


def _timeline_grid(total: int) -> tuple[int, tuple[str, ...]]:
    """Months per column (1, 3 or 6, so there are never more than 12) and each column's label."""
    unit = 1 if total <= 12 else 3 if total <= 36 else 6
    count = -(-total // unit)
    if unit == 1:
        return unit, tuple(str(i) for i in range(1, count + 1))
    return unit, tuple(f"{i * unit + 1}-{(i + 1) * unit}" for i in range(count))


@lru_cache(maxsize=2048)
def list_items(markdown: str) -> tuple[str, ...]:
    """The items of a Markdown bullet list as plain text (a paragraph counts as one item)."""
    items: list[list[str]] = []
    for line in (markdown or "").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[:2] in ("- ", "* ") or not items:
            items.append([stripped[2:] if stripped[:2] in ("- ", "* ") else stripped])
        else:
            items[-1].append(stripped)
    return tuple(text for text in (markdown_to_text(" ".join(i)) for i in items) if text)


def _lead_and_partner(
    recommendation: Recommendation, methods: tuple[MethodLine, ...]
) -> tuple[str, str]:
    """The best-fitting approach, and the best other approach the plan draws a method from."""
    if not recommendation.approaches:
        return "", ""
    lead = recommendation.approaches[0]
    used = {m.approach_slug for m in methods}
    others = [a for a in recommendation.approaches[1:] if a.slug in used] or list(
        recommendation.approaches[1:2]
    )
    return lead.name, others[0].name if others else ""


def _headline(recommendation: Recommendation, lead: str, partner: str) -> str:
    if not lead:
        return "No approach could be scored for these answers."
    if not partner:
        return f"Lead with {lead}."
    scores = {a.name: a.score for a in recommendation.approaches}
    margin = recommendation.score_margin
    if margin and scores[lead] - scores.get(partner, 0) <= margin:
        return f"Lead with {lead} and partner it with {partner}, which fits about as well."
    return f"Lead with {lead} and partner it with {partner}."


def _plan_sentence(phases: tuple[PhaseLine, ...]) -> str:
    parts = [f"{p.short.lower()}, {join_words(p.methods)}" for p in phases if p.methods]
    if not parts:
        return "No methods are in the plan yet."
    if len(parts) == 1:
        return f"Do it all in one phase: {parts[0].split(', ', 1)[1]}."
    return f"The plan runs in {len(parts)} phases: " + "; ".join(parts) + "."


def _why(recommendation: Recommendation, partner: str) -> tuple[str, ...]:
    """Three plain reasons: the lead approach's strongest, then its partner's."""
    if not recommendation.approaches:
        return ()
    lead = recommendation.approaches[0]
    by_name = {a.name: a for a in recommendation.approaches}
    pools = [lead.reasons, by_name[partner].reasons if partner in by_name else ()]
    out: list[str] = []
    for pool in pools:
        for reason in sorted((r for r in pool if r.effect > 0), key=lambda r: -r.effect):
            if reason.text not in out and len(out) < WHY_BULLETS:
                out.append(reason.text)
    for method in recommendation.recommended_methods:
        if method.role and method.role not in out and len(out) < WHY_BULLETS:
            out.append(f"{method.name}: {method.role}")
    return tuple(out)


def team_line(data: dict[str, Any] | None) -> TeamLine | None:
    """The board paper's team section, from ``Plan.team_summary`` (written by the teams app)."""
    if not data:
        return None
    return TeamLine(
        title=str(data.get("title", "")),
        members=int(data.get("members") or 0),
        named=tuple(str(n) for n in data.get("named") or ()),
        closed_at=str(data.get("closed_at") or ""),
        contested=tuple(
            ContestedLine(
                question=str(c.get("question", "")),
                answers=tuple(f"{a['label']} ({a['count']})" for a in c.get("answers") or ()),
                changes_plan=bool(c.get("changes_plan")),
                outcome=str(c.get("outcome", "")),
            )
            for c in data.get("contested") or ()
        ),
    )


def _summary(
    recommendation: Recommendation,
    snapshot: GuideSnapshot,
    base_url: str,
    *,
    placed: list[tuple[str, str, str, str]],  # (slug, name, phase key, origin), plan order
    notes: dict[str, str],
    phases: tuple[Phase, ...],
    phase_details: dict[str, _BoardPhase],
    absolute_links: bool = True,
    **own: Any,
) -> PlanSummary:
    answers = recommendation.answers
    permalink = permalink_for(answers, base_url)
    # Pages link within the site; documents carry full addresses.
    base_url = base_url if absolute_links else ""
    horizon = TIMESCALE_MONTHS.get(str(answers.timescale), 12)
    titles = {p.when: phase_title(number, p.name) for number, p in enumerate(phases, start=1)}
    scored = {m.slug: m for m in recommendation.methods}
    methods = tuple(
        _method_line(
            i,
            scored.get(slug),
            snapshot,
            slug=slug,
            name=name,
            phase_when=key,
            phase_title_=titles[key],
            origin=origin,
            note=notes.get(slug, ""),
            base_url=base_url,
        )
        for i, (slug, name, key, origin) in enumerate(placed, start=1)
    )
    # Method names as the guide has them now, in the phase lines too.
    names = {m.slug: m.name for m in methods}
    phase_lines = _phase_lines(
        phases, [(s, names[s], k) for s, _n, k, _o in placed], horizon, phase_details
    )
    used = {m.approach_slug for m in methods}
    top = recommendation.approaches[0].score if recommendation.approaches else 0
    margin = recommendation.score_margin
    approaches = tuple(
        ApproachLine(
            rank=rank,
            slug=a.slug,
            name=a.name,
            url=_absolute(base_url, a.url),
            score=a.score,
            bar=max(0, min(100, a.score)),
            equally_good=rank > 1 and margin > 0 and top - a.score <= margin,
            in_plan=a.slug in used,
            reasons=_reasons(a.reasons),
            limitations=list_items(data.limitations) if data else (),
            assessed=_assessed(data.assessed) if data else (),
        )
        for rank, a in enumerate(recommendation.approaches, start=1)
        for data in (snapshot.approach(a.slug),)
    )
    months = max([horizon] + [p.end_month for p in phase_lines])
    unit, columns = _timeline_grid(months)
    lead, partner = _lead_and_partner(recommendation, methods)
    readiness = readiness_for(recommendation.readiness)
    approach_names = {a.slug: a.name for a in snapshot.approaches}
    cases = {c.slug: c for c in snapshot.case_examples}
    guidance = tuple(
        GuidanceLine(g.title, _absolute(base_url, g.url), markdown_to_text(g.why))
        for g in recommendation.guidance
    ) or tuple(
        GuidanceLine(p.name, _absolute(base_url, p.url), markdown_to_text(p.summary))
        for p in snapshot.principles
    )
    robustness = recommendation.robustness
    return PlanSummary(
        answers=tuple(
            _answer_line(name, label, text, getattr(answers, name))
            for name, label, text in answers.in_words()
        ),
        ready_to_spread=recommendation.ready_to_spread,
        readiness=recommendation.readiness,
        readiness_label=readiness.label,
        readiness_tag=readiness.tag,
        readiness_line=readiness.advice,
        readiness_detail=markdown_to_text(recommendation.readiness_advice or ""),
        readiness_advice=markdown_to_text(recommendation.readiness_advice or readiness.advice),
        lead_approach=lead,
        partner_approach=partner,
        headline=_headline(recommendation, lead, partner),
        plan_sentence=_plan_sentence(phase_lines),
        why=_why(recommendation, partner),
        robustness=robustness.sentence if robustness else "",
        robustness_changes=tuple(robustness.changes) if robustness else (),
        score_margin=margin,
        approaches=approaches,
        methods=methods,
        phases=phase_lines,
        timeline_months=months,
        timeline_unit=unit,
        timeline_columns=columns,
        not_recommended=tuple(
            _not_recommended_line(
                n.slug,
                n.name,
                approach_names.get(n.approach, n.approach),
                _absolute(base_url, n.url),
                n.sentence,
                n.rule,
            )
            for n in recommendation.not_recommended
        ),
        risks=tuple(
            RiskLine(a.name, a.limitations[0]) for a in approaches if a.in_plan and a.limitations
        ),
        case_examples=tuple(
            CaseLine(
                c.slug,
                c.title,
                _absolute(base_url, c.url),
                c.similarity,
                tuple(c.shared),
                markdown_to_text(data.summary) if data else "",
                list_items(data.outcomes) if data else (),
                _assessed(data.assessed) if data else (),
            )
            for c in recommendation.case_examples
            for data in (cases.get(c.slug),)
        ),
        guidance=guidance,
        credits=CREDITS,
        permalink=permalink,
        built_from=_BuiltFrom(recommendation, snapshot),
        **own,
    )


def _engine_placement(
    recommendation: Recommendation, phases: tuple[Phase, ...]
) -> list[tuple[str, str, str, str]]:
    scored = {m.slug: m for m in recommendation.methods}
    placed: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for phase in phases:
        for slug in phase.methods:
            if slug in scored and slug not in seen:
                seen.add(slug)
                placed.append((slug, scored[slug].name, phase.when, "recommended"))
    placed.extend(
        (m.slug, m.name, phases[-1].when, "recommended")
        for m in recommendation.recommended_methods
        if m.slug not in seen
    )
    return placed


def summary_from_recommendation(
    recommendation: Recommendation,
    *,
    base_url: str = "",
    title: str = "",
    snapshot: GuideSnapshot | None = None,
    date: datetime.date | None = None,
    absolute_links: bool = True,
) -> PlanSummary:
    """The summary of an unsaved result: the engine's combination, in its phases."""
    snapshot = snapshot or get_snapshot()
    phases = plan_phases(recommendation)
    return _summary(
        recommendation,
        snapshot,
        base_url,
        absolute_links=absolute_links,
        placed=_engine_placement(recommendation, phases),
        notes={},
        phases=phases,
        phase_details={},
        title=title or DEFAULT_TITLE,
        organisation="",
        owner="",
        date=date or timezone.localdate(),
        decision_sought="",
        key_risks=(),
        team=None,
        note="",
        content_version=recommendation.content_version or snapshot.version,
        saved=False,
    )


def summary_from_plan(
    plan: Plan,
    *,
    base_url: str = "",
    snapshot: GuideSnapshot | None = None,
    absolute_links: bool = True,
) -> PlanSummary:
    """The summary of a saved plan: kept and added methods in the leader's order, with notes."""
    snapshot = snapshot or get_snapshot()
    recommendation = recommendation_from_data(plan.recommendation)
    every_phase = leader_phases(recommendation)
    used = {m.phase for m in plan.methods.all() if m.included}
    phases = tuple(p for p in every_phase if p.when in used) or plan_phases(recommendation)
    index = {p.when: i for i, p in enumerate(phases)}
    rows = sorted(
        (m for m in plan.methods.all() if m.included),
        key=lambda m: (index.get(m.phase, len(phases)), m.order, m.pk or 0),
    )
    last = phases[-1].when
    placed = [
        (
            row.slug,
            row.name,
            row.phase if row.phase in index else last,
            "recommended" if row.recommended else "added",
        )
        for row in rows
    ]
    phase_rows = list(plan.phases.all())
    phase_details = {
        p.when: _BoardPhase(p.start_month, p.end_month, p.owner, p.cost_estimate, p.success_measure)
        for p in phase_rows
    }
    return _summary(
        recommendation,
        snapshot,
        base_url,
        absolute_links=absolute_links,
        placed=placed,
        notes={row.slug: row.note for row in rows},
        phases=phases,
        phase_details=phase_details,
        title=plan.title or DEFAULT_TITLE,
        organisation=plan.organisation,
        owner=plan.owner,
        date=timezone.localdate(plan.updated_at) if plan.updated_at else timezone.localdate(),
        decision_sought=plan.decision_sought,
        key_risks=tuple(line.strip() for line in plan.key_risks.splitlines() if line.strip()),
        team=team_line(plan.team_summary),
        note=plan.note,
        content_version=plan.content_version,
        saved=True,
        board=board_from(phase_rows, {p.when: p.name for p in every_phase}),
    )
