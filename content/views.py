"""Public pages of the guide. Views stay thin: reads live in queries."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from spreadguide.http import conditional_content

from . import queries
from .forms import MethodFilterForm
from .slug_redirects import redirect_for_path

HOME = ("Home", "/")
APPROACHES = ("Approaches", "/approaches/")
CASE_EXAMPLES = ("Case examples", "/case-examples/")


def can_preview(request: HttpRequest) -> bool:
    """Editors may see drafts on the real page templates by adding ?preview=1."""
    return request.GET.get("preview") == "1" and request.user.has_perm("content.view_method")


def _filter(request: HttpRequest) -> tuple[MethodFilterForm, queries.MethodFilter]:
    form = MethodFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, queries.MethodFilter(**form.cleaned_data)
    return form, queries.MethodFilter()


def follows_slug_redirects(view):
    """A renamed item's old address answers 301 to its new one instead of 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            target = redirect_for_path(request.path)
            if target is None:
                raise
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

    return wrapper


def _get_or_404(getter, **kwargs):
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404("No such page in the guide.") from exc


@conditional_content(page_cache=True)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    preview = can_preview(request)
    approaches = queries.approaches_with_methods(
        method_filter=queries.MethodFilter(), preview=preview
    )
    return render(request, "content/home.html", {"approaches": approaches})


@conditional_content(page_cache=True)
@require_safe
def approach_list(request: HttpRequest) -> HttpResponse:
    form, method_filter = _filter(request)
    approaches = queries.approaches_with_methods(
        method_filter=method_filter, preview=can_preview(request)
    )
    return render(
        request,
        "content/approach_list.html",
        {
            "approaches": approaches,
            "form": form,
            "filtered": method_filter.active,
            "crumbs": [HOME],
        },
    )


@conditional_content(page_cache=True)
@require_safe
@follows_slug_redirects
def approach_detail(request: HttpRequest, slug: str) -> HttpResponse:
    approach = _get_or_404(queries.approach_detail, slug=slug, preview=can_preview(request))
    return render(
        request,
        "content/approach_detail.html",
        {"approach": approach, "crumbs": [HOME, APPROACHES]},
    )


@conditional_content(page_cache=True)
@require_safe
def method_list(request: HttpRequest) -> HttpResponse:
    form, method_filter = _filter(request)
    methods = queries.filtered_methods(method_filter=method_filter, preview=can_preview(request))
    return render(
        request,
        "content/method_list.html",
        {"methods": methods, "form": form, "filtered": method_filter.active, "crumbs": [HOME]},
    )


@conditional_content(page_cache=True)
@require_safe
@follows_slug_redirects
def method_detail(request: HttpRequest, slug: str) -> HttpResponse:
    method = _get_or_404(queries.method_detail, slug=slug, preview=can_preview(request))
    crumbs = [HOME, APPROACHES, (method.approach.name, method.approach.get_absolute_url())]
    return render(request, "content/method_detail.html", {"method": method, "crumbs": crumbs})


@conditional_content(page_cache=True)
@require_safe
def case_example_list(request: HttpRequest) -> HttpResponse:
    cases = queries.case_examples(preview=can_preview(request))
    return render(
        request, "content/case_example_list.html", {"case_examples": cases, "crumbs": [HOME]}
    )


@conditional_content(page_cache=True)
@require_safe
@follows_slug_redirects
def case_example_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = _get_or_404(queries.case_example_detail, slug=slug, preview=can_preview(request))
    phases: dict[int, dict] = {}
    for step in case.steps.all():
        phase = phases.setdefault(
            step.phase, {"number": step.phase, "name": step.phase_name, "steps": []}
        )
        phase["steps"].append(step)
    return render(
        request,
        "content/case_example_detail.html",
        {"case": case, "phases": list(phases.values()), "crumbs": [HOME, CASE_EXAMPLES]},
    )


@conditional_content(page_cache=True)
@require_safe
def principles(request: HttpRequest) -> HttpResponse:
    preview = can_preview(request)
    return render(
        request,
        "content/principles.html",
        {
            "principles": queries.principles(preview=preview),
            "topics": queries.topics(preview=preview),
            "crumbs": [HOME],
        },
    )


@conditional_content(page_cache=True)
@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    terms = queries.glossary(preview=can_preview(request)).prefetch_related("sources")
    return render(request, "content/glossary.html", {"terms": terms, "crumbs": [HOME]})


@conditional_content(page_cache=True)
@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "content/about.html",
        {"sources": queries.sources(preview=can_preview(request)), "crumbs": [HOME]},
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and database check for load balancers: 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
