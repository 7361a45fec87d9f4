"""The planning questions, as data: their order is the wizard's step order.

Parameter names and values are fixed (the API and permalinks depend on them); labels and help
text are ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import TextChoices

from content import choices


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    name: str
    title: str  # the question, used as the page heading
    short_label: str  # used on the check-your-answers page
    help_text: str
    options: tuple[Option, ...]
    multiple: bool = False
    required: bool = True
    glossary: tuple[tuple[str, str], ...] = ()  # (term, glossary slug) to link from the help
    error: str = ""  # shown when a required question is not answered, written for the question
    details: tuple[str, str] = ("", "")  # (summary, text): a longer explanation, folded away

    @property
    def required_error(self) -> str:
        return self.error or f"Select an answer to: {self.title}"

    @cached_property  # asked for on every answer of every request; the options never change
    def values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def label_for(self, value: str) -> str:
        return next((o.label for o in self.options if o.value == value), value)


QUESTIONS: tuple[Question, ...] = (
    Question(
        name="evidence",
        title="How strong is the evidence that your intervention works?",
        short_label="Evidence",
        help_text="Has it improved outcomes, experience or efficiency somewhere real?",
        details=(
            "Why the evidence comes first",
            "Spread only makes sense once there is enough evidence that the intervention "
            "improves outcomes, experience or efficiency somewhere real. If it has not yet been "
            "proven, proving it comes first.",
        ),
        error="Select how strong the evidence is that your intervention works",
        options=(
            Option(
                "strong", "Strong", "Evaluated in more than one real setting, with clear benefit."
            ),
            Option(
                "promising",
                "Promising",
                "Early results are good, but from one site or a short period.",
            ),
            Option("limited", "Limited", "An idea or prototype, not yet tested in practice."),
        ),
    ),
    Question(
        name="spread_so_far",
        title="How far has it spread already?",
        short_label="Spread so far",
        help_text="Where the intervention is in use today, whatever the strength of the "
        "evaluation. Together with the evidence this tells us its stage of development. This "
        "question is optional.",
        options=(
            Option("none", "Nowhere yet", "Not yet in routine use anywhere."),
            Option("one-site", "One site", "In routine use where it began."),
            Option("few-sites", "A few sites", "Adopted by a handful of teams or organisations."),
            Option(
                "many-sites", "Many sites", "Widely adopted; the task is to finish and sustain."
            ),
        ),
        required=False,
    ),
    Question(
        name="intervention",
        title="What kind of intervention is it?",
        short_label="Kind of intervention",
        help_text="Some levers only make sense for some kinds of intervention: commercial deals "
        "and funding mandates for products, licensing and franchising for a defined service "
        "model. This question is optional.",
        options=(
            Option("digital", "Digital", "An app, platform or digital service."),
            Option("product", "A product", "A medicine, device or diagnostic."),
            Option("care-model", "A care model", "A pathway or a model of service."),
            Option("workforce", "A workforce change", "A new role or way of working."),
            Option("practice", "A practice", "A clinical or behavioural practice."),
        ),
        required=False,
    ),
    Question(
        name="complexity",
        title="How would you describe the intervention and where it will land?",
        short_label="Nature of the intervention",
        help_text="Think about the intervention and the situation together.",
        details=(
            "What simple, complicated and complex mean",
            "Simple: a clear, repeatable change with a known recipe, such as switching to a "
            "cheaper equivalent dressing. Complicated: many parts and experts, but predictable "
            "once planned, such as a new digital referral between hospital and pharmacy. "
            "Complex: outcomes depend on people, relationships and local context, and cannot be "
            "fully planned, such as a new model of integrated care for frail older people.",
        ),
        error="Select whether the intervention is simple, complicated or complex",
        options=(
            Option("simple", "Simple", "A known recipe that works the same way everywhere."),
            Option(
                "complicated",
                "Complicated",
                "Many parts and expertise, but predictable with good planning.",
            ),
            Option(
                "complex",
                "Complex",
                "Depends on people and context; it will need adapting as it spreads.",
            ),
        ),
        glossary=(("complexity", "complexity"),),
    ),
    Question(
        name="setting_complexity",
        title="How would you describe the situation it will land in?",
        short_label="Complexity of the situation",
        help_text="Judge the setting beside the intervention: how many organisations and "
        "professions must work together, how settled their relationships are, and how much the "
        "wider system (money, rules, other priorities) will push back. This question is "
        "optional; there is a checklist to help you decide.",
        options=(
            Option("simple", "Simple", "One organisation, a settled team, few dependencies."),
            Option(
                "complicated",
                "Complicated",
                "Several organisations or professions, but roles and routes are clear.",
            ),
            Option(
                "complex",
                "Complex",
                "Many interdependent parties, shifting relationships, an unpredictable system.",
            ),
        ),
        required=False,
        glossary=(("complexity", "complexity"),),
    ),
    Question(
        name="level",
        title="At what level of the system do you work?",
        short_label="System level",
        help_text="The level from which you will lead the spread. Some methods and levers are "
        "only in the hands of national bodies.",
        error="Select the level of the system you work at",
        options=(
            Option("local", "Local", "A provider, primary care network, place or neighbourhood."),
            Option(
                "regional",
                "Regional",
                "An integrated care system, region or network of organisations.",
            ),
            Option("national", "National", "A national body or programme across England."),
        ),
    ),
    Question(
        name="lead",
        title="Who is leading the spread?",
        short_label="Who leads",
        help_text="Levers are only in some hands: a provider team cannot change contracts or "
        "payment rules, and only a national body can set national standards. This question is "
        "optional.",
        options=(
            Option("provider", "A provider", "A team or organisation that delivers care."),
            Option("commissioner", "A commissioner", "An integrated care board or other funder."),
            Option(
                "network",
                "A network or region",
                "A partnership, Health Innovation Network or regional team.",
            ),
            Option("national", "A national body", "For example NHS England or a royal college."),
            Option("supplier", "A supplier", "The company or developer behind it."),
            Option(
                "voluntary-sector",
                "A voluntary organisation",
                "A charity, community group or social enterprise.",
            ),
        ),
        required=False,
    ),
    Question(
        name="audience_size",
        title="How large is the audience that needs to adopt it?",
        short_label="Audience size",
        help_text="Count the teams, sites or organisations that will need to change what they do.",
        error="Select how large the audience is",
        options=(
            Option("small", "Small", "A few teams or sites."),
            Option("medium", "Medium", "One organisation or one system."),
            Option("large", "Large", "Many organisations, across systems or the country."),
        ),
    ),
    Question(
        name="audience",
        title="Who needs to change what they do?",
        short_label="Who must change",
        help_text="Select all that apply, or none if you are not sure yet. This question is "
        "optional.",
        options=(
            Option("clinicians", "Clinicians and care staff"),
            Option("managers", "Managers and leaders"),
            Option("commissioners", "Commissioners and funders"),
            Option("patients-public", "Patients, carers and the public"),
            Option("voluntary-sector", "Voluntary, community and social enterprise organisations"),
            Option("industry", "Industry and suppliers"),
        ),
        multiple=True,
        required=False,
    ),
    Question(
        name="motivation",
        title="What mainly moves your audience?",
        short_label="Motivation",
        help_text="Most audiences are a mix of outside pressures and their own values.",
        details=(
            "Extrinsic and intrinsic motivation",
            "Extrinsic motivation comes from outside: money, targets, contracts or inspection. "
            "Intrinsic motivation comes from within: professional pride, purpose, curiosity and "
            "the regard of peers.",
        ),
        error="Select what mainly moves your audience",
        options=(
            Option(
                "extrinsic", "Mainly extrinsic", "Incentives, requirements and targets move them."
            ),
            Option(
                "intrinsic", "Mainly intrinsic", "Purpose, peers and professional values move them."
            ),
            Option("mixed", "A mix of both"),
        ),
        glossary=(
            ("extrinsic motivation", "extrinsic-motivation"),
            ("intrinsic motivation", "intrinsic-motivation"),
        ),
    ),
    Question(
        name="energy",
        title="How much energy for this change is there already?",
        short_label="Existing energy for change",
        help_text="The enthusiasm and will people already have to do something about this problem.",
        details=(
            "Signs of energy for change",
            "Champions asking for it, teams trying their own fixes, patients calling for it.",
        ),
        error="Select how much energy for this change there is already",
        options=(
            Option("low", "Low", "Few people see the need yet."),
            Option("moderate", "Moderate", "Some champions and interest, not widespread."),
            Option("high", "High", "People are asking for it and ready to act."),
        ),
        glossary=(("pull", "pull"),),
    ),
    Question(
        name="timescale",
        title="How long do you have to achieve the spread?",
        short_label="Timescale",
        help_text="The time until the spread must show results, not the life of the programme.",
        error="Select how long you have to achieve the spread",
        options=(
            Option("short", "Short", "Under 6 months."),
            Option("medium", "Medium", "6 to 18 months."),
            Option("long", "Long", "Over 18 months."),
        ),
    ),
    Question(
        name="funding",
        title="How much money is available for the spread?",
        short_label="Funding",
        help_text="Money you can spend on spreading the intervention: incentives, backfill, "
        "double running, devices or programme costs.",
        error="Select how much money is available for the spread",
        options=(
            Option("none", "None", "No money beyond existing budgets."),
            Option("limited", "Limited", "Some money, for a few targeted uses."),
            Option(
                "substantial", "Substantial", "Enough to fund sites, incentives or a programme."
            ),
        ),
    ),
    Question(
        name="capacity",
        title="How many people and skills can support the spread?",
        short_label="People and skills",
        help_text="People with time and skills to support adopters: improvement, project "
        "management, clinical leadership, evaluation, communications.",
        error="Select how many people and skills can support the spread",
        options=(
            Option("limited", "Limited", "A few people alongside their day jobs."),
            Option("moderate", "Moderate", "A small dedicated team."),
            Option("substantial", "Substantial", "A programme team with a range of expertise."),
        ),
    ),
)

QUESTION_BY_NAME = {q.name: q for q in QUESTIONS}

# The vocabulary each question's values come from (tests/selector/test_vocabulary.py checks
# they agree): the engine compares answers with method attributes on these scales.
VOCABULARY: dict[str, type[TextChoices]] = {
    "evidence": choices.Evidence,
    "complexity": choices.Complexity,
    "level": choices.Level,
    "audience_size": choices.AudienceSize,
    "audience": choices.Audience,
    "motivation": choices.Motivation,
    "energy": choices.Energy,
    "timescale": choices.Timescale,
    "funding": choices.Funding,
    "capacity": choices.Capacity,
    "spread_so_far": choices.SpreadSoFar,
    "intervention": choices.InterventionKind,
    "setting_complexity": choices.Complexity,
    "lead": choices.Lead,
}
SINGLE_VALUE_QUESTIONS = tuple(q for q in QUESTIONS if not q.multiple)
# The nine questions every answer set has: their combinations are the space tests walk.
REQUIRED_SINGLE_QUESTIONS = tuple(q for q in SINGLE_VALUE_QUESTIONS if q.required)
# Optional single-answer questions: not answering them is neutral (the empty string).
OPTIONAL_SINGLE_QUESTIONS = tuple(q for q in SINGLE_VALUE_QUESTIONS if not q.required)
