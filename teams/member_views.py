"""A member's pages: join, answer the planning questions one per step, review.

The steps are the wizard's own (``selector/_step_form.html`` with ``StepForm``), so they work
with and without JavaScript in the same way. A member is known by a secret in a cookie scoped to
this team's join path; only its hash is stored, and it never leaves this browser.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from selector.questions import QUESTIONS
from selector.wizard import STEP_NAMES, question_for, step_number

from . import limits, services
from .charts import distribution_chart
from .forms import JoinForm, MemberStepForm
from .models import Member, Team
from .report import build_report
from .selectors import member_answers, member_by_secret
from .tally import clean_value, value_label
from .web import joined_team_or_404, page

COOKIE = "sg_team_member"
COOKIE_AGE = 180 * 24 * 3600


def _join_path(key: str) -> str:
    return reverse("teams:join", kwargs={"key": key})


def _step_path(key: str, step: str) -> str:
    return reverse("teams:step", kwargs={"key": key, "step": step})


def _done_path(key: str) -> str:
    return reverse("teams:done", kwargs={"key": key})


def _remember(response: HttpResponse, key: str, secret: str) -> HttpResponse:
    response.set_cookie(
        COOKIE,
        secret,
        max_age=COOKIE_AGE,
        path=_join_path(key),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _closed(request: HttpRequest, team: Team, key: str, *, status: int) -> HttpResponse:
    response = page(
        request,
        "teams/closed.html",
        {"team": team},
        title="This team plan is closed",
        status=status,
    )
    if getattr(request, "htmx", False):
        response["HX-Redirect"] = _join_path(key)  # htmx does not swap a 403: load the page
    return response


def _too_many(request: HttpRequest, key: str) -> HttpResponse:
    response = page(
        request, "teams/slow_down.html", {}, title="Too many answers in a short time", status=429
    )
    response["Retry-After"] = "60"
    return response


def _member(request: HttpRequest, team: Team) -> Member | None:
    return member_by_secret(team, request.COOKIES.get(COOKIE))


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, key: str) -> HttpResponse:
    team = joined_team_or_404(key)
    member = _member(request, team)
    if request.method == "POST":
        if not team.is_open:
            return _closed(request, team, key, status=403)
        if not limits.allow_join(team.pk, _client(request)):
            return _too_many(request, key)
        form = JoinForm(request.POST)
        if form.is_valid():
            secret = request.COOKIES.get(COOKIE) or services.new_secret()
            try:
                services.join(
                    team_id=team.pk, secret=secret, display_name=form.cleaned_data["display_name"]
                )
            except services.TeamClosed:
                return _closed(request, team, key, status=403)
            except services.TeamFull:
                return page(
                    request,
                    "teams/full.html",
                    {"team": team, "cap": limits.member_cap()},
                    title="This team is full",
                    status=403,
                )
            redirect = HttpResponseRedirect(_step_path(key, STEP_NAMES[0]), status=303)
            return _remember(redirect, key, secret)
    else:
        if not team.is_open:
            return _closed(request, team, key, status=200)
        form = JoinForm(initial={"display_name": member.display_name if member else ""})
    context = {
        "team": team,
        "form": form,
        "member": member,
        "action": _join_path(key),
        "done_url": _done_path(key),
        "total": len(QUESTIONS),
    }
    response = page(request, "teams/join.html", context, title=f"Join the team plan: {team.title}")
    if not request.COOKIES.get(COOKIE):
        # Set before joining, so a double-clicked "Start" finds one membership, not two.
        _remember(response, key, services.new_secret())
    return response


def _after(step: str, key: str) -> str:
    index = STEP_NAMES.index(step)
    if index + 1 < len(STEP_NAMES):
        return _step_path(key, STEP_NAMES[index + 1])
    return _done_path(key)


@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, key: str, step: str) -> HttpResponse:
    team = joined_team_or_404(key)
    question = question_for(step)
    member = _member(request, team)
    if question is None or member is None:
        return HttpResponseRedirect(_join_path(key), status=303)
    number = step_number(question)
    if request.method == "POST":
        if not team.is_open:
            return _closed(request, team, key, status=403)
        if not limits.allow_submission("answer", member.secret_hash):
            return _too_many(request, key)
        skipping = "skip" in request.POST
        form = MemberStepForm(question, request.POST, number=number, skipping=skipping)
        if form.is_valid():
            value = None if skipping else form.value
            try:
                services.save_answer(
                    member=member,
                    question=question.name,
                    value=value,
                    comment=form.cleaned_data.get("comment", ""),
                )
            except services.TeamClosed:
                return _closed(request, team, key, status=403)
            return HttpResponseRedirect(_after(question.name, key), status=303)
    elif not team.is_open:
        return _closed(request, team, key, status=200)
    else:
        saved = member_answers(member).get(question.name)
        initial = {}
        if saved is not None:
            value = clean_value(question, saved.value)
            initial = {question.name: list(value) if isinstance(value, tuple) else value}
            initial["comment"] = saved.comment
        form = MemberStepForm(question, initial=initial, number=number)
    errors = [(form[n].id_for_label, m) for n, ms in form.errors.items() for m in ms]
    previous = _step_path(key, STEP_NAMES[number - 2]) if number > 1 else _join_path(key)
    title = f"Question {number} of {len(QUESTIONS)}: {question.title}"
    context = {
        "question": question,
        "form": form,
        "errors": errors,
        "dropped": [],
        "action": _step_path(key, question.name),
        "back_url": previous,
        "back_text": "Back",
        "skip_label": "Skip this question",
        "team": team,
    }
    return page(
        request,
        "teams/step.html",
        context,
        partial="selector/_step_form.html",
        title=f"Error: {title}" if errors else title,
        push_url=request.method != "POST",
    )


@require_http_methods(["GET", "HEAD"])
def done(request: HttpRequest, key: str) -> HttpResponse:
    team = joined_team_or_404(key)
    member = _member(request, team)
    if member is None:
        return HttpResponseRedirect(_join_path(key), status=303)
    saved = member_answers(member)
    rows = []
    for q in QUESTIONS:
        answer = saved.get(q.name)
        value = clean_value(q, answer.value) if answer else None
        rows.append(
            {
                "question": q,
                "answer": value_label(q, value)
                if answer and value is not None
                else ("Skipped" if answer else "Not answered yet"),
                "comment": answer.comment if answer else "",
                "change_url": _step_path(key, q.name),
            }
        )
    shared = None
    if team.share_summary:
        report = build_report(team)
        shared = [
            {"tally": t, "chosen": c, "chart": distribution_chart(t)}
            for t, c in zip(report.tallies, report.team_answers, strict=True)
        ]
    context = {"team": team, "member": member, "rows": rows, "shared": shared}
    return page(
        request,
        "teams/done.html",
        context,
        title=f"Your answers: {team.title}",
        partial="teams/_done_body.html",
    )
