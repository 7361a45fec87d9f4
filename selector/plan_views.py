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

from content.snapshot import GuideSnapshot, get_snapshot
from spreadguide.http import keep_private

from .answers import parse_answers
from .engine import recommend_for
from .export_guard import guarded, rate_limited
from .exports import EXPORTERS, export_response, get_exporter
from .models import Plan
from .plan_changes import plan_changes
from .plan_forms import PlanForm, changed_rows, clash_rows, encode_base
from .plan_selectors import get_plan_by_key
from .plans import (
    PlanError,
    create_plan_from_answers,
    current_edit,
    leader_phases,
    recommendation_from_data,
    recompute_plan,
    update_plan,
)
from .summary import public_base_url, summary_from_plan, summary_from_recommendation


def _plan_or_404(key: str) -> Plan:
    plan = get_plan_by_key(key)
    if plan is None:
        raise Http404
    return plan


def _base_url(request: HttpRequest) -> str:
    return public_base_url(request.build_absolute_uri("/"))


def _bad_answers(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    return render(
        request,
        "selector/plans/bad_answers.html",
        {"errors": [e for messages_ in errors.values() for e in messages_]},
        status=400,
    )


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


def _form(plan: Plan, snapshot: GuideSnapshot, *, data=None) -> PlanForm:
    initial = None
    if data is None:
        saved = current_edit(plan)
        initial = {**PlanForm.initial_for(saved, plan.version), "base": encode_base(saved)}
    return PlanForm(
        data,
        initial=initial,
        rows=list(plan.methods.all()),
        phases=leader_phases(recommendation_from_data(plan.recommendation)),
        methods=snapshot.methods,
        approaches=snapshot.approaches,
    )


def _page(
    request: HttpRequest,
    plan: Plan,
    key: str,
    form: PlanForm,
    snapshot: GuideSnapshot,
    **extra,
) -> HttpResponse:
    notices = list(messages.get_messages(request))
    context = {
        # "Your plan is saved" joins the one message about keeping the link.
        "just_saved": any("plan-created" in n.tags for n in notices),
        "notices": [n for n in notices if "plan-created" not in n.tags],
        "plan": plan,
        "form": form,
        "summary": summary_from_plan(
            plan, base_url=_base_url(request), snapshot=snapshot, absolute_links=False
        ),
        "changes": plan_changes(plan),
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
    return keep_private(render(request, "selector/plans/detail.html", context, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def plan_detail(request: HttpRequest, key: str) -> HttpResponse:
    plan = _plan_or_404(key)
    here = reverse("selector:plan-detail", kwargs={"key": key})
    snapshot = get_snapshot()  # one per request: the form and the page read the same guide
    if request.method in ("GET", "HEAD"):
        return _page(request, plan, key, _form(plan, snapshot), snapshot)

    if request.POST.get("action") == "recompute":
        recomputed = recompute_plan(plan_id=plan.pk, snapshot=snapshot)
        if recomputed.recomputed:
            text = "Your plan is recomputed from the guide as it is now."
            if recomputed.removed:
                text += (
                    " These methods are no longer in the guide and have left the plan (any notes "
                    "on them are now in the overall note): " + ", ".join(recomputed.removed) + "."
                )
            messages.success(request, text)
        return redirect(here)

    form = _form(plan, snapshot, data=request.POST)
    if not form.is_valid():
        return _page(request, plan, key, form, snapshot)
    try:
        result = update_plan(
            plan_id=plan.pk,
            expected_version=form.cleaned_data["version"],
            edit=form.to_edit(),
            base=form.base_edit(),
            snapshot=snapshot,
        )
    except PlanError as error:
        form.add_error(None, str(error))
        return _page(request, plan, key, form, snapshot)
    if result.conflict and result.merged is not None and result.current is not None:
        # Fill the form again from the saved version with this person's changes on top; its
        # base is now the saved version, so saving again sends only their own changes.
        plan = get_plan_by_key(key) or plan
        data = PlanForm.data_for(result.merged, version=plan.version, base=result.current)
        form = _form(plan, snapshot, data=data)
        form.is_valid()
        return _page(
            request,
            plan,
            key,
            form,
            snapshot,
            conflict=True,
            clashes=clash_rows(form, result.clashes),
            kept_theirs=changed_rows(form, result.theirs, result.current),
        )
    if result.saved:
        messages.success(request, "Your changes are saved.")
    return redirect(here)


@rate_limited
def plan_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    exporter = get_exporter(fmt)
    plan = _plan_or_404(key)  # looked up whatever the format, so a wrong key costs the same
    if exporter is None:
        raise Http404
    summary = summary_from_plan(plan, base_url=_base_url(request))
    return keep_private(export_response(summary, guarded(exporter)))


@rate_limited
def answers_export(request: HttpRequest, fmt: str) -> HttpResponse:
    exporter = get_exporter(fmt)
    if exporter is None:
        raise Http404
    answers, errors = parse_answers(request.GET)
    if answers is None:
        return _bad_answers(request, errors)
    summary = summary_from_recommendation(recommend_for(answers), base_url=_base_url(request))
    return export_response(summary, guarded(exporter))
