"""What every team page shares: private headers, the one 404, whole page or htmx partial."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from spreadguide.http import keep_private

from .models import Team
from .selectors import team_by_join_key, team_by_lead_key

SITE = "Spread Guide"
DASH = "\N{EN DASH}"


private = keep_private  # as for saved plans


def lead_team_or_404(key: str) -> Team:
    team = team_by_lead_key(key)
    if team is None:
        raise Http404  # the site's ordinary 404, as for a wrong plan key
    return team


def joined_team_or_404(key: str) -> Team:
    team = team_by_join_key(key)
    if team is None:
        raise Http404
    return team


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, object],
    *,
    title: str,
    partial: str | None = None,
    status: int = 200,
    push_url: bool = True,
) -> HttpResponse:
    """The whole page, or for htmx only the partial that replaces ``<main>``."""
    context = {**context, "page_title": title, "full_title": f"{title} {DASH} {SITE}"}
    use_partial = partial is not None and bool(getattr(request, "htmx", False))
    chosen = partial if partial is not None and use_partial else template
    response = render(request, chosen, context, status=status)
    if use_partial:
        response["HX-Push-Url"] = request.get_full_path() if push_url else "false"
    response["Vary"] = "HX-Request"
    return private(response)
