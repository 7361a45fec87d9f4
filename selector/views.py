"""The planning wizard, its check page, the result and the what-if comparison.

Thin views: the step logic lives in ``wizard``, the scoring in the engine. Answers live in the
query string (no session). Every view renders a whole page, or for htmx only the part that
is swapped into ``<main>``; those responses vary on ``HX-Request`` so caches keep both apart.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from content.snapshot import get_snapshot
from spreadguide.http import conditional_content
from spreadguide.rendering import render_page

from . import check_answers, wizard
from .answers import answers_to_query, parse_answers
from .comparison import compare
from .complexity_checklist import DOMAINS, suggest
from .engine import recommend, recommend_for
from .forms import ComplexityChecklistForm, StepForm, WhatIfForm, what_if_data
from .scoring import SCORE_SCALE
from .summary import PlanSummary, answers_query, public_base_url, summary_from_recommendation
from .usage import record_result_view

SITE = "Spread Guide"
DASH = "\N{EN DASH}"  # the separator base.html puts between page and site name


def _render(
    request: HttpRequest,
    page: str,
    partial: str,
    context: dict[str, object],
    *,
    title: str,
    push_url: bool = True,
) -> HttpResponse:
    """The whole page, or for htmx only the partial that replaces the main content.

    Errors answer 200 too: htmx 2 does not swap 4xx responses, and plain requests get the
    same status so both paths behave (and are tested) alike.
    """
    context = {**context, "page_title": title, "full_title": f"{title} {DASH} {SITE}"}
    htmx = bool(getattr(request, "htmx", False))  # set by django-htmx's middleware
    response = render_page(request, partial if htmx else page, context)
    if htmx:
        # Say which URL to show explicitly: after a redirect htmx would otherwise rely on the
        # final response URL, and an error re-render must not add a history entry.
        response["HX-Push-Url"] = request.get_full_path() if push_url else "false"
    return response


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "selector/start.html",
        {"first_step_url": wizard.first_step_url(), "total": wizard.TOTAL_STEPS},
    )


def _checklist_url(step: str, answers: dict[str, object]) -> str:
    if step not in ("complexity", "setting_complexity"):
        return ""
    query = answers_to_query(answers)
    path = reverse("selector:complexity-checklist")
    return f"{path}?{query}" if query else path


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, step: str) -> HttpResponse:
    question = wizard.question_for(step)
    if question is None:
        raise Http404("There is no such question.")
    given = wizard.read_answers(request.GET)
    return_to = wizard.return_target(request.GET)
    others = {k: v for k, v in given.clean.items() if k != question.name}
    number = wizard.step_number(question)

    if request.method == "POST":
        form = StepForm(question, request.POST, number=number)
        if form.is_valid():
            answers = {**others, question.name: form.value}
            # 303 so the browser (and htmx's XHR, which follows it) fetches the next step by GET.
            return HttpResponseRedirect(
                wizard.url_after(question.name, answers, return_to), status=303
            )
    elif question.name in request.GET:
        # A link carrying this step's answer: prefill it, and show why if it is not usable.
        form = StepForm(question, request.GET, number=number)
        form.is_valid()
    else:
        form = StepForm(question, number=number)

    errors = [
        (form[name].id_for_label, message)
        for name, messages in form.errors.items()
        for message in messages
    ]
    title = f"Question {number} of {wizard.TOTAL_STEPS}: {question.title}"
    context = {
        "question": question,
        "form": form,
        "number": number,
        "total": wizard.TOTAL_STEPS,
        "errors": errors,
        "action": wizard.step_url(question.name, others, return_to),
        "back_url": wizard.back_url(question, others, return_to),
        "back_text": {"check": "Back to your answers", "result": "Back to your plan"}.get(
            return_to or "", "Back"
        ),
        "dropped": [q for q in given.dropped if q.name != question.name],
        "checklist_url": _checklist_url(question.name, others),
    }
    return _render(
        request,
        "selector/step.html",
        "selector/_step_form.html",
        context,
        title=f"Error: {title}" if errors else title,
        push_url=request.method != "POST",
    )


@vary_on_headers("HX-Request")
@require_safe
def check(request: HttpRequest) -> HttpResponse:
    given = wizard.read_answers(request.GET)
    missing = wizard.missing_required(given.clean)
    complete = not missing and not given.errors
    context = {
        "rows": check_answers.check_rows(given.clean),
        "missing": missing,
        "dropped": given.dropped,
        "complete": complete,
        "fix_url": None if complete else wizard.fix_url(request.GET),
        "result_url": wizard.result_url(given.clean),
        "back_url": wizard.step_url(wizard.STEP_NAMES[-1], given.clean),
    }
    return _render(
        request,
        "selector/check.html",
        "selector/_check_body.html",
        context,
        title="Check your answers",
    )


def _answer_rows(
    summary: PlanSummary, clean: dict[str, object], query: str
) -> list[dict[str, str]]:
    change_urls = wizard.change_urls(clean, "result", query=query)
    return [
        {
            "name": a.question,
            "label": a.label,
            "answer": a.answer,
            "change_url": change_urls[a.question],
        }
        for a in summary.answers
    ]


@conditional_content
@vary_on_headers("HX-Request")
@require_safe
def result(request: HttpRequest) -> HttpResponse:
    answers, _errors = parse_answers(request.GET)
    if answers is None:
        # Incomplete or hand-edited links go to the first step that needs an answer.
        return redirect(wizard.fix_url(request.GET))
    snapshot = get_snapshot()
    recommendation = recommend(answers, snapshot)
    clean = answers.as_dict()
    query = answers_query(answers)  # every link on the page carries it: built once
    if request.method == "GET":  # a monitor's HEAD is not a person viewing a result
        record_result_view(
            answers=clean,
            top_approach_slugs=[a.slug for a in recommendation.approaches[:3]],
        )
    summary = summary_from_recommendation(
        recommendation,
        base_url=public_base_url(request.build_absolute_uri("/")),
        snapshot=snapshot,
        absolute_links=False,
    )
    context = {
        "answers": answers,
        "summary": summary,
        "answer_rows": _answer_rows(summary, clean, query),
        # The unbound what-if field, rendered by the page's own tag (not a form layout round
        # trip per option); the what-if page keeps the form for its errors.
        "what_if_answers": answers,
        "what_if_action": wizard.what_if_path(),
        "hidden_answers": wizard.answer_pairs(answers),
        "check_url": wizard.check_url(clean, query=query),
        "answers_query": query,
        "score_scale": SCORE_SCALE,
    }
    return _render(
        request,
        "selector/result.html",
        "selector/_result_body.html",
        context,
        title="Your spread plan",
    )


@vary_on_headers("HX-Request")
@require_safe
def what_if(request: HttpRequest) -> HttpResponse:
    answers, _errors = parse_answers(request.GET)
    if answers is None:
        return redirect(wizard.fix_url(request.GET))
    data = what_if_data(request.GET)
    form = WhatIfForm(answers, data or None)
    comparison = None
    if form.is_bound and form.is_valid():
        question, value = form.change()
        before = recommend_for(answers)
        after = recommend_for(answers.replace(**{question.name: value}))
        comparison = compare(question, value, before, after)
    errors = [(form["what_if"].id_for_label, m) for m in form.errors.get("what_if", [])]
    if comparison:
        title = f"What if {comparison.question.short_label.lower()} were {comparison.label_after.lower()}"
    else:
        title = "What if one answer were different"
    context = {
        "answers": answers,
        "form": form,
        "errors": errors,
        "comparison": comparison,
        "result_url": wizard.result_url(answers),
        "what_if_action": wizard.what_if_path(),
        "hidden_answers": wizard.answer_pairs(answers),
        "new_result_url": (wizard.result_url(comparison.after.answers) if comparison else None),
        "sides": comparison.sides if comparison else (),
    }
    return _render(
        request,
        "selector/what_if.html",
        "selector/_what_if.html",
        context,
        title=f"Error: {title}" if errors else title,
    )


@require_safe
def complexity_checklist(request: HttpRequest) -> HttpResponse:
    """'Help me decide' on complexity: works as a plain GET form, without JavaScript."""
    given = wizard.read_answers(request.GET)
    carried = {
        k: v for k, v in given.clean.items() if k not in ("complexity", "setting_complexity")
    }
    rated = any(d.name in request.GET for d in DOMAINS)
    form = ComplexityChecklistForm(request.GET if rated else None)
    suggestions = None
    use_url = ""
    if rated and form.is_valid():
        suggestions = suggest(form.ratings())
        chosen = {**carried, **{s.question: s.value for s in suggestions}}
        use_url = wizard.url_after("setting_complexity", chosen, None)
    errors = [
        (form[name].id_for_label, message)
        for name, messages in form.errors.items()
        for message in messages
    ]
    return render(
        request,
        "selector/complexity_checklist.html",
        {
            "form": form,
            "errors": errors,
            "suggestions": suggestions,
            "use_url": use_url,
            "hidden_answers": parse_qsl(answers_to_query(carried)),
            "back_url": wizard.step_url("complexity", carried),
            "page_title": "Help me decide: how complex is it?",
        },
    )
