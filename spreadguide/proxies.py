"""What to believe of the ``X-Forwarded-*`` headers: only what the configured proxies say.

``FORWARDED_ALLOW_IPS`` names the proxies (the load balancer) in front of the app, and is read
by gunicorn (``forwarded_allow_ips``) and by Django here, so the two always agree. A request
from anywhere else is taken at its connection's word: its ``X-Forwarded-Proto`` cannot make it
look secure, and its ``X-Forwarded-For`` cannot choose the address admin lockouts are keyed on.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import cast

import ipware.ip
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ipware.ip import ProxyOrder

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR")


def parse_allowed(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """gunicorn's format: a comma-separated list of addresses or networks, or ``*``."""
    items = value.split(",") if isinstance(value, str) else value
    return tuple(item.strip() for item in items if item.strip())


@cache
def _networks(
    allowed: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] | None:
    if "*" in allowed:
        return None  # every address is trusted
    return tuple(ipaddress.ip_network(item, strict=False) for item in allowed)


def is_trusted_proxy(address: str | None, allowed: tuple[str, ...] | None = None) -> bool:
    allowed = parse_allowed(settings.FORWARDED_ALLOW_IPS) if allowed is None else allowed
    networks = _networks(allowed)
    if networks is None:
        return True
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False  # e.g. a Unix socket: gunicorn does not trust it unless told to
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address admin lockouts are keyed on (``AXES_CLIENT_IP_CALLABLE``).

    Behind the configured proxies, django-ipware reads it from ``X-Forwarded-For`` with
    ``AXES_IPWARE_PROXY_COUNT``; a header that does not have exactly the expected number of hops
    (someone adding their own entries) falls back to the proxy's address rather than to an
    address the client chose.
    """
    remote = request.META.get("REMOTE_ADDR")
    if settings.AXES_IPWARE_PROXY_COUNT is None or not is_trusted_proxy(remote):
        return remote
    address, _ = ipware.ip.get_client_ip(
        request,
        # The django-stubs plugin types every setting by its widened value (str here), even when
        # settings.py annotates it; the setting is "left-most", one of ipware's two orders.
        proxy_order=cast(ProxyOrder, settings.AXES_IPWARE_PROXY_ORDER),
        proxy_count=settings.AXES_IPWARE_PROXY_COUNT,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=True,
    )
    return address or remote


class UntrustedForwardingMiddleware:
    """Drop ``X-Forwarded-*`` headers that did not come from a configured proxy.

    Runs first, so ``SECURE_PROXY_SSL_HEADER`` (and the HTTPS redirect) only ever sees a
    header the load balancer set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
