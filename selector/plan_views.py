"""Saved plans and exports: thin views over ``plans``, ``plan_selectors`` and ``summary``.

A plan's key is its only protection, so plan responses are never cached or sent as a referrer,
and any wrong key gets the site's ordinary 404 page after exactly the same work.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from content.snapshot import get_snapshot

from .answers import Answers, parse_answers
from .export_guard import guarded, rate_limited
from .exports import EXPORTERS, export_response, get_exporter
from .models import Plan
from .plan_forms import PlanForm
from .plan_selectors import get_plan_by_key
from .plans import (
    PlanEdit,
    PlanError,
    create_plan_from_answers,
    plan_phases,
    recommendation_from_data,
    recompute_plan,
    update_plan,
)
from .summary import summary_from_plan, summary_from_recommendation


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    # same-origin, not no-referrer: browsers then send "Origin: null" on the edit form and
    # Django's CSRF check refuses it. The key still never leaves this site in a Referer.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _plan_or_404(key: str) -> Plan:
    plan = get_plan_by_key(key)
    if plan is None:
        raise Http404
    return plan


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _bad_answers(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    return render(
        request,
        "selector/plans/bad_answers.html",
        {"errors": [e for messages_ in errors.values() for e in messages_]},
        status=400,
    )


def _recommend_for(answers: Answers):
    from .engine import recommend_for  # written alongside; imported when first needed

    return recommend_for(answers)


@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    """'Save this plan' from a result: answers come as hidden inputs (or one query string)."""
    source = request.POST
    if "answers" in request.POST:
        source = QueryDict(request.POST["answers"][:4096])
    answers, errors = parse_answers(source)
    if answers is None:
        return _bad_answers(request, errors)
    _plan, key = create_plan_from_answers(answers=answers)
    messages.success(request, "Your plan is saved.", extra_tags="plan-created")
    return redirect(reverse("selector:plan-detail", kwargs={"key": key}), permanent=False)


def _form(plan: Plan, *, data=None) -> PlanForm:
    snapshot = get_snapshot()
    rows = list(plan.methods.all())
    phases = plan_phases(recommendation_from_data(plan.recommendation))
    return PlanForm(
        data,
        initial=None if data is not None else PlanForm.initial_for(plan, rows),
        rows=rows,
        phases=phases,
        methods=snapshot.methods,
    )


def _page(request: HttpRequest, plan: Plan, key: str, form: PlanForm, **extra) -> HttpResponse:
    snapshot = get_snapshot()
    context = {
        "plan": plan,
        "form": form,
        "summary": summary_from_plan(plan, base_url=_base_url(request), snapshot=snapshot),
        "plan_url": request.build_absolute_uri(
            reverse("selector:plan-detail", kwargs={"key": key})
        ),
        "key": key,
        "guide_changed": plan.content_version != snapshot.version,
        "exporters": EXPORTERS.values(),
        **extra,
    }
    status = 400 if form.is_bound and form.errors else 200
    if extra.get("conflict"):
        status = 409
    return _private(render(request, "selector/plans/detail.html", context, status=status))


@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, key: str) -> HttpResponse:
    plan = _plan_or_404(key)
    here = reverse("selector:plan-detail", kwargs={"key": key})
    if request.method == "GET":
        return _page(request, plan, key, _form(plan))

    if request.POST.get("action") == "recompute":
        result = recompute_plan(plan_id=plan.pk)
        if result.recomputed:
            text = "Your plan is recomputed from the guide as it is now."
            if result.removed:
                text += (
                    " These methods are no longer in the guide and have left the plan (any notes "
                    "on them are now in the overall note): " + ", ".join(result.removed) + "."
                )
            messages.success(request, text)
        return redirect(here)

    form = _form(plan, data=request.POST)
    if not form.is_valid():
        return _page(request, plan, key, form)
    try:
        result = update_plan(
            plan_id=plan.pk, expected_version=form.cleaned_data["version"], edit=form.to_edit()
        )
    except PlanError as error:
        form.add_error(None, str(error))
        return _page(request, plan, key, form)
    if result.conflict:
        # Keep everything the person typed, but let their next save win knowingly.
        yours = form.to_edit()
        plan = get_plan_by_key(key) or plan
        data = request.POST.copy()
        data["version"] = str(plan.version)
        # Methods added in the other tab were not on this form: show them as saved.
        for row in plan.methods.all():
            prefix = f"m-{row.slug}-"
            if prefix + "phase" not in request.POST:
                for name, value in PlanForm.initial_for(plan, [row]).items():
                    if name.startswith(prefix) and value not in (False, None):
                        data[name] = str(value) if name.endswith("order") else value
        form = _form(plan, data=data)
        form.is_valid()
        differences = _differences(yours, result.current, plan)
        return _page(request, plan, key, form, conflict=True, differences=differences)
    if result.saved:
        messages.success(request, "Your changes are saved.")
    return redirect(here)


def _differences(yours: PlanEdit, saved: PlanEdit | None, plan: Plan) -> list[tuple[str, str, str]]:
    """(what, your version, saved version) for everything the two versions disagree on."""
    if saved is None:
        return []
    phases = {p.when: p.name for p in plan_phases(recommendation_from_data(plan.recommendation))}
    names = {r.slug: r.name for r in plan.methods.all()}
    out = [
        (label, getattr(yours, name), getattr(saved, name))
        for name, label in (
            ("title", "Title"),
            ("organisation", "Organisation"),
            ("owner", "Owner"),
            ("note", "Overall note"),
        )
        if getattr(yours, name) != getattr(saved, name)
    ]
    theirs = {m.slug: m for m in saved.methods}
    for mine in yours.methods:
        other = theirs.get(mine.slug)
        name = names.get(mine.slug, mine.slug)
        if other is None:
            continue
        if mine.included != other.included:
            keep = {True: "Kept", False: "Dropped"}
            out.append((name, keep[mine.included], keep[other.included]))
        if (mine.phase, mine.order) != (other.phase, other.order):
            out.append(
                (
                    f"{name}: phase and order",
                    f"{phases.get(mine.phase, mine.phase)}, {mine.order}",
                    f"{phases.get(other.phase, other.phase)}, {other.order}",
                )
            )
        if mine.note != other.note:
            out.append((f"Note on {name}", mine.note, other.note))
    mine_slugs = {m.slug for m in yours.methods}
    for slug in theirs.keys() - mine_slugs:
        out.append((names.get(slug, slug), "Not in your version", "Added"))
    if yours.add:
        out.append(("Methods to add", ", ".join(yours.add), ""))
    return out


@rate_limited
def plan_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    exporter = get_exporter(fmt)
    plan = _plan_or_404(key)  # looked up whatever the format, so a wrong key costs the same
    if exporter is None:
        raise Http404
    summary = summary_from_plan(plan, base_url=_base_url(request))
    return _private(export_response(summary, guarded(exporter)))


@rate_limited
def answers_export(request: HttpRequest, fmt: str) -> HttpResponse:
    exporter = get_exporter(fmt)
    if exporter is None:
        raise Http404
    answers, errors = parse_answers(request.GET)
    if answers is None:
        return _bad_answers(request, errors)
    summary = summary_from_recommendation(_recommend_for(answers), base_url=_base_url(request))
    return export_response(summary, guarded(exporter))
