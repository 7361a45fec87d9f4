"""The pages every NHS service has about itself: privacy, accessibility and feedback."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.views.decorators.http import require_safe

HOME = ("Home", "/")
# Written by the teams app when it is installed: what a team plan stores.
TEAMS_PRIVACY = "teams/_privacy.html"


def _optional_template(name: str) -> str | None:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def _contact() -> dict[str, str]:
    return {"feedback_email": settings.FEEDBACK_EMAIL}


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {"crumbs": [HOME], "teams_privacy": _optional_template(TEAMS_PRIVACY), **_contact()}
    return render(request, "site/privacy.html", context)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html", {"crumbs": [HOME], **_contact()})


@require_safe
def feedback(request: HttpRequest) -> HttpResponse:
    return render(request, "site/feedback.html", {"crumbs": [HOME], **_contact()})
