"""The lead's pages: start a team plan, see and steer it, delete it. Thin views over
``services`` and ``report``; the lead key in the address is the only protection."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_http_methods

from content.snapshot import get_snapshot
from selector.questions import QUESTION_BY_NAME
from selector.summary import team_line

from . import services
from .charts import distribution_chart
from .forms import OverrideForm, StartTeamForm
from .keys import join_key_for
from .outcomes import CHANGES_PLAN_RULE
from .report import build_report, team_summary
from .tally import DISAGREEMENT_RULE, TEAM_ANSWER_RULE
from .web import lead_team_or_404, page, private


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = StartTeamForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        made = services.create_team(
            title=form.cleaned_data["title"], closes_on=form.cleaned_data["closes_on"]
        )
        messages.success(request, "Your team plan is ready.", extra_tags="team-created")
        return redirect(reverse("teams:lead", kwargs={"key": made.lead_key}))
    errors = [(form[name].id_for_label, m) for name, ms in form.errors.items() for m in ms]
    title = "Plan with your team"
    status = 400 if errors else 200
    return page(
        request,
        "teams/start.html",
        {"form": form, "errors": errors},
        title=f"Error: {title}" if errors else title,
        status=status,
    )


def comments_html(comments) -> str:
    """The comments as list items, built here: a team of 200 can leave 2,000 of them, and the
    template language would spend most of the page's time on them."""
    return format_html_join(
        "",
        "<li><strong>{}</strong> ({}): {}</li>",
        ((c.name or "Anonymous member", c.answer, c.text) for c in comments),
    )


def _links(request: HttpRequest, key: str) -> dict[str, str]:
    join = join_key_for(key)
    return {
        "lead_url": request.build_absolute_uri(reverse("teams:lead", kwargs={"key": key})),
        "join_url": request.build_absolute_uri(reverse("teams:join", kwargs={"key": join})),
        "api_url": reverse("teams:api", kwargs={"key": key}),
    }


def _lead_page(request, team, key, *, override_forms=None, status=200) -> HttpResponse:
    report = build_report(team, snapshot=get_snapshot())
    forms = override_forms or {}
    questions = []
    for t, chosen in zip(report.tallies, report.team_answers, strict=True):
        initial = {"answer": chosen.value, "reason": chosen.reason} if chosen.overridden else None
        questions.append(
            {
                "tally": t,
                "chosen": chosen,
                "chart": distribution_chart(t),
                "disagreement": report.disagreement_for(t.question.name),
                "comments": comments_html(t.comments),
                "form": forms.get(t.question.name) or OverrideForm(t.question, initial=initial),
            }
        )
    errors = [
        (f.prefix and f"id_{f.prefix}-{name}", m)
        for f in forms.values()
        for name, ms in f.errors.items()
        for m in ms
    ]
    context = {
        "team": team,
        "key": key,
        "report": report,
        "questions": questions,
        "errors": errors,
        "disagreement_rule": DISAGREEMENT_RULE,
        "team_answer_rule": TEAM_ANSWER_RULE,
        "changes_plan_rule": CHANGES_PLAN_RULE,
        "board_team": team_line(team_summary(report)) if report.answers is not None else None,
        **_links(request, key),
    }
    title = f"Team plan: {team.title}"
    return page(
        request,
        "teams/lead.html",
        context,
        title=f"Error: {title}" if errors else title,
        status=status,
    )


LEAD_ACTIONS = ("close", "reopen", "share", "unshare", "override", "clear", "convert")


@require_http_methods(["GET", "HEAD", "POST"])
def lead(request: HttpRequest, key: str) -> HttpResponse:
    team = lead_team_or_404(key)
    if request.method != "POST":
        return _lead_page(request, team, key)
    here = reverse("teams:lead", kwargs={"key": key})
    action = request.POST.get("action", "")
    question = request.POST.get("question", "")
    if action == "close":
        services.close(team=team)
        messages.success(request, "The team plan is closed: members can no longer answer.")
    elif action == "reopen":
        services.reopen(team=team)
        messages.success(request, "The team plan is open again.")
    elif action in ("share", "unshare"):
        services.set_sharing(team=team, share=action == "share")
        messages.success(
            request,
            "Members can now see the group's answers (no names or comments)."
            if action == "share"
            else "Members now see only their own answers.",
        )
    elif action == "override":
        form = _override_form(question, request.POST)
        if form is None:
            return _lead_page(request, team, key, status=400)
        if not form.is_valid():
            return _lead_page(request, team, key, override_forms={question: form}, status=400)
        services.set_override(
            team_id=team.pk, question=question, value=form.value, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"The team answer for {form.question.short_label} is set.")
        return redirect(f"{here}#q-{question}")
    elif action == "clear":
        if _override_form(question, None) is not None:
            services.set_override(team_id=team.pk, question=question, value=None, reason="")
            messages.success(request, "The team answer is back to the group's.")
        return redirect(f"{here}#q-{question}")
    elif action == "convert":
        try:
            _plan, plan_key = services.convert_to_plan(team=team)
        except services.TeamError as error:
            messages.error(request, str(error))
            return redirect(here)
        messages.success(request, "Your plan is saved.", extra_tags="plan-created")
        return redirect(reverse("selector:plan-detail", kwargs={"key": plan_key}))
    return redirect(here)


def _override_form(question: str, data) -> OverrideForm | None:
    q = QUESTION_BY_NAME.get(question)
    return OverrideForm(q, data) if q else None


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, key: str) -> HttpResponse:
    team = lead_team_or_404(key)
    if request.method == "POST":
        services.delete_team(team=team)
        return private(redirect(reverse("teams:deleted")))
    return page(
        request, "teams/delete.html", {"team": team, "key": key}, title="Delete this team plan"
    )


def deleted(request: HttpRequest) -> HttpResponse:
    return page(request, "teams/deleted.html", {}, title="Team plan deleted")
