"""Forwarded headers are believed only from the configured proxies, by gunicorn and Django alike."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from spreadguide.proxies import client_ip, is_trusted_proxy, parse_allowed
from tests.factories import UserFactory

PASSWORD = "a-long-test-password-42"
BALANCER = "10.0.0.1"
GUNICORN_CONF = Path(django_settings.BASE_DIR) / "gunicorn.conf.py"


# ---------------------------------------------------------------- X-Forwarded-Proto


@pytest.fixture
def behind_a_balancer(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.FORWARDED_ALLOW_IPS = BALANCER


@pytest.mark.django_db
def test_the_balancer_can_say_the_request_was_https(client, behind_a_balancer):
    response = client.get("/healthz", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200  # secure: no redirect to https


@pytest.mark.django_db
def test_anyone_else_saying_https_is_not_believed(client, behind_a_balancer):
    response = client.get("/healthz", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def _gunicorn_allowed(env: dict[str, str]) -> str:
    code = (
        f"import runpy, sys; print(runpy.run_path({str(GUNICORN_CONF)!r})['forwarded_allow_ips'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def _django_allowed(env: dict[str, str]) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'spreadguide.settings'; "
        "from django.conf import settings; print(settings.FORWARDED_ALLOW_IPS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    ).stdout.strip()


@pytest.mark.parametrize("value", [None, "10.0.0.1", "10.0.0.1,10.0.0.2", "10.0.0.0/24", "*"])
def test_gunicorn_and_django_trust_the_same_proxies(value):
    import os

    env = {k: v for k, v in os.environ.items() if k != "FORWARDED_ALLOW_IPS"}
    if value is not None:
        env["FORWARDED_ALLOW_IPS"] = value
    assert _gunicorn_allowed(env) == _django_allowed(env)


def test_the_gunicorn_setting_is_what_django_trusts():
    conf = runpy.run_path(str(GUNICORN_CONF))
    assert parse_allowed(conf["forwarded_allow_ips"]) == parse_allowed(
        django_settings.FORWARDED_ALLOW_IPS
    )


@pytest.mark.parametrize(
    ("address", "allowed", "trusted"),
    [
        ("10.0.0.1", "10.0.0.1", True),
        ("10.0.0.9", "10.0.0.0/24", True),
        ("10.0.1.9", "10.0.0.0/24", False),
        ("198.51.100.7", "10.0.0.1,127.0.0.1", False),
        ("anything", "*", True),
        ("", "127.0.0.1", False),
    ],
)
def test_trusted_proxies_follow_gunicorns_format(address, allowed, trusted):
    assert is_trusted_proxy(address, parse_allowed(allowed)) is trusted


# ---------------------------------------------------------------- the client address for axes


@pytest.fixture
def proxied(settings):
    """One load balancer in front (AXES_PROXY_COUNT=1)."""
    settings.FORWARDED_ALLOW_IPS = BALANCER
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_behind_the_balancer_the_client_is_the_forwarded_address(rf, proxied):
    request = rf.get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "203.0.113.5"


def test_a_forwarded_address_from_anyone_else_is_ignored(rf, proxied):
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "198.51.100.7"


def test_extra_hops_added_by_the_client_are_not_believed(rf, proxied):
    request = rf.get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_ip(request) != "1.2.3.4"


def test_without_proxies_configured_the_connection_address_is_used(rf, settings):
    settings.AXES_IPWARE_PROXY_COUNT = None
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "198.51.100.7"


def _login(client, username, password, forwarded_for):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_an_attacker_behind_the_balancer_does_not_lock_out_the_real_user(client, proxied):
    user = UserFactory(username="editor-in-chief", is_staff=True, is_superuser=True)
    for _ in range(5):
        _login(client, user.username, "wrong", "198.51.100.9")
    assert _login(client, user.username, PASSWORD, "198.51.100.9").status_code == 429
    assert _login(client, user.username, PASSWORD, "203.0.113.5").status_code == 302


@pytest.mark.django_db
def test_a_direct_client_cannot_dodge_the_lockout_with_x_forwarded_for(client, proxied):
    user = UserFactory(username="editor-in-chief", is_staff=True, is_superuser=True)

    def attempt(password: str, n: int):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": user.username, "password": password},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )

    for n in range(5):
        attempt("wrong", n)
    assert attempt(PASSWORD, 99).status_code == 429
