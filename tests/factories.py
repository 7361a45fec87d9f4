"""Every factory in one place."""

import factory
from django.contrib.auth import get_user_model

from content import models
from content.choices import Status


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "NHS England"
    url = factory.LazyAttribute(lambda o: f"https://example.org/{o.slug}")
    status = Status.PUBLISHED


class ApproachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Approach

    name = factory.Sequence(lambda n: f"Approach {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    order = factory.Sequence(int)
    summary = "An approach."
    description = "What the approach is."
    effectiveness = "- It works."
    limitations = "- It has limits."
    standardisation = "medium"
    motivation = "mixed"
    cost = "medium"
    status = Status.PUBLISHED


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Method

    approach = factory.SubFactory(ApproachFactory)
    name = factory.Sequence(lambda n: f"Method {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = "method"
    order = factory.Sequence(int)
    summary = "A method."
    description = "What the method is."
    examples = "- An example."
    stages = factory.LazyFunction(lambda: ["testing", "spread"])
    levels = factory.LazyFunction(lambda: ["local", "regional", "national"])
    audience_sizes = factory.LazyFunction(lambda: ["small", "medium", "large"])
    audiences = factory.LazyFunction(list)
    complexity = factory.LazyFunction(lambda: ["simple", "complicated", "complex"])
    motivation = "mixed"
    energy = "moderate"
    cost = "medium"
    capacity = "medium"
    time_to_effect = "medium"
    builds_evidence = False
    resources_needed = "Some people and money."
    timeframe = "Months."
    status = Status.PUBLISHED


class ConsiderationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Consideration

    method = factory.SubFactory(MethodFactory)
    topic = "resources"
    text = "Plan the resources."
    order = factory.Sequence(int)


class CaseExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CaseExample

    title = factory.Sequence(lambda n: f"Case example {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    order = factory.Sequence(int)
    summary = "A case."
    description = "What happened."
    outcomes = "It spread."
    sequencing = "mixed"
    complexity = "complicated"
    levels = factory.LazyFunction(lambda: ["regional"])
    audience_size = "medium"
    motivation = "mixed"
    timescale = "medium"
    funding = "limited"
    status = Status.PUBLISHED


class CombinationStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CombinationStep

    case_example = factory.SubFactory(CaseExampleFactory)
    method = factory.SubFactory(MethodFactory)
    phase = 1
    phase_name = "Start"
    concurrent = True
    what_it_did = "It helped."
    order = factory.Sequence(int)


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Principle

    name = factory.Sequence(lambda n: f"Principle {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    order = factory.Sequence(int)
    summary = "A principle."
    description = "About the principle."
    status = Status.PUBLISHED


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic

    title = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    order = factory.Sequence(int)
    summary = "A topic."
    body = "About the topic."
    status = Status.PUBLISHED


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GlossaryTerm

    term = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda o: o.term.lower().replace(" ", "-"))
    definition = "What it means."
    status = Status.PUBLISHED


class SlugRedirectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SlugRedirect

    kind = models.SlugRedirect.Kind.METHOD
    old_slug = factory.Sequence(lambda n: f"old-name-{n}")
    new_slug = "network"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password-42")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_guide(*, approaches: int = 7, methods_per_approach: int = 5, cases: int = 4) -> None:
    """A whole guide of a chosen size, for query-count and scaling tests."""
    made = []
    for _ in range(approaches):
        approach = ApproachFactory()
        for _ in range(methods_per_approach):
            method = MethodFactory(approach=approach)
            ConsiderationFactory.create_batch(2, method=method)
            made.append(method)
    for i in range(cases):
        case = CaseExampleFactory()
        for j, method in enumerate(made[i : i + 3]):
            CombinationStepFactory(case_example=case, method=method, phase=j + 1)
    PrincipleFactory.create_batch(7)
    TopicFactory.create_batch(2)
    GlossaryTermFactory.create_batch(5)
    SourceFactory.create_batch(3)


# ---------------------------------------------------------------- admin roles and forms


def make_staff(group_name: str, **kwargs):
    """A staff user (not a superuser) in one of the groups the content migration creates."""
    from django.contrib.auth.models import Group

    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def make_editor(**kwargs):
    return make_staff("Content editor", **kwargs)


def make_reviewer(**kwargs):
    return make_staff("Reviewer", **kwargs)


def admin_form_data(response) -> dict:
    """The POST data an admin change form would send unchanged, built from its GET response.

    Includes every inline formset's management form, so a test can change a field and post.
    """

    def put(data: dict, name: str, value) -> None:
        if value is None or value is False:
            return
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[name] = str(getattr(value, "pk", value))

    data: dict = {}
    form = response.context["adminform"].form
    for name in form.fields:
        put(data, form.add_prefix(name), form[name].value())
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for sub_form in formset.forms:
            for name in sub_form.fields:
                put(data, sub_form.add_prefix(name), sub_form[name].value())
    return data


# --- Results and plans carrying this round's contract fields --------------------------------
# The engine fills these later; until then tests build them here from a real result.


def with_contract_fields(recommendation, *, margin: int = 0):
    """The result with a function and caveat on its methods, a ruled-out method, robustness and
    a score margin (``margin`` 0 means the top two approaches count as equally good)."""
    from dataclasses import replace

    from selector.recommendation import NotRecommended, Robustness

    recommended = [m for m in recommendation.methods if m.recommended]
    left_out = next(m for m in recommendation.methods if not m.recommended)
    top, second = recommendation.approaches[0], recommendation.approaches[1]
    caveated = recommended[-1].slug
    methods = tuple(
        replace(
            m,
            function="build-will" if m.recommended else "",
            caveat="A partial fit: check local capacity before committing."
            if m.slug == caveated
            else "",
        )
        for m in recommendation.methods
    )
    return replace(
        recommendation,
        methods=methods,
        not_recommended=(
            NotRecommended(
                left_out.slug,
                left_out.name,
                left_out.approach,
                left_out.url,
                "needs-a-lever",
                "Needs a contract or payment lever that this team does not hold.",
            ),
        ),
        robustness=Robustness(
            8, 9, "Holds for 8 of 9 answer changes; changes if funding becomes substantial.", ()
        ),
        score_margin=margin or (top.score - second.score),
    )


def make_board_plan(plan):
    """Give a saved plan everything a board paper shows: decision, risks, phase rows, a team."""
    from selector.models import PlanPhase

    plan.decision_sought = "Approve the first phase and its funding."
    plan.key_risks = "Clinical time may not be released.\nData sharing may be slow to agree."
    plan.team_summary = {
        "title": "Frailty steering group",
        "members": 4,
        "named": ["A. Leader", "B. Nurse"],
        "closed_at": "2026-11-20",
        "contested": [
            {
                "question": "Funding",
                "answers": [{"label": "Limited", "count": 3}, {"label": "None", "count": 1}],
                "changes_plan": True,
                "outcome": "The group settled on limited funding.",
            }
        ],
    }
    plan.save()
    whens = {m.phase for m in plan.methods.all()}
    PlanPhase.objects.bulk_create(
        PlanPhase(
            plan=plan,
            when=when,
            start_month=1 + 4 * i,
            end_month=4 + 4 * i,
            owner=f"Owner {i + 1}",
            cost_estimate=f"£{(i + 1) * 10}k",
            success_measure=f"Measure {i + 1} is met.",
        )
        for i, when in enumerate(sorted(whens, key=["now", "next", "later"].index))
    )
    return plan


# ---------------------------------------------------------------- team plans


def make_team(title: str = "Frailty programme board", **kwargs):
    """A team plan with its keys (``NewTeam``: team, lead_key, join_key)."""
    from teams.services import create_team

    return create_team(title=title, **kwargs)


def add_members(team, answers: dict, *, count: int = 1, name: str = "", comment: str = "") -> list:
    """``count`` members who all gave these answers (question name -> value, None: skipped)."""
    from selector.models import hash_key
    from teams.models import Member, MemberAnswer
    from teams.services import new_secret

    start = Member.objects.filter(team=team).count()
    members = Member.objects.bulk_create(
        Member(
            team=team,
            secret_hash=hash_key(new_secret()),
            display_name=f"{name} {start + i + 1}".strip() if name else "",
        )
        for i in range(count)
    )
    MemberAnswer.objects.bulk_create(
        MemberAnswer(
            member=member,
            question=question,
            value=list(value) if isinstance(value, tuple) else value,
            comment=comment,
        )
        for member in members
        for question, value in answers.items()
    )
    return members
