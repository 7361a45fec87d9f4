"""Production mode, in fresh interpreters: clean ``check --deploy``, refusal to start insecure,
secure headers and cookies, and far-future caching of hashed static files."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = secrets.token_urlsafe(64)


def _env(tmp_path, **overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "CACHE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the test suite for Playwright, never in production
        }
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="spreadguide.settings",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="spread.example.nhs.uk",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be set"),
        ({"DEBUG": "on"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must name"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must not be '*'"),
        ({"DATABASE_URL": None}, "DATABASE_URL must point"),
    ],
)
def test_production_refuses_to_start_when_insecure(tmp_path, overrides, message):
    result = _run(["-c", "import spreadguide.settings"], _env(tmp_path, **overrides))
    assert result.returncode != 0
    assert "Refusing to start with DJANGO_ENV=production" in result.stderr
    assert message in result.stderr


PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import storages
import spreadguide.settings as real
settings.REAL_STATIC_BACKEND = real.STORAGES["staticfiles"]["BACKEND"]
from django.test import Client

client = Client()
out = {
    "settings": {
        name: getattr(settings, name)
        for name in [
            "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
            "SESSION_COOKIE_HTTPONLY",
        ]
    },
    "storage": type(storages["staticfiles"]).__name__,
    "configured_storage": settings.REAL_STATIC_BACKEND,
}
plain = client.get("/healthz", HTTP_HOST="spread.example.nhs.uk")
out["http"] = [plain.status_code, plain.get("Location")]
tls = {"HTTP_HOST": "spread.example.nhs.uk", "HTTP_X_FORWARDED_PROTO": "https"}
health = client.get("/healthz", **tls)
out["health"] = [health.status_code, dict(health.headers)]
login = client.get("/admin/login/", **tls)
out["csrf_cookie"] = {k: str(v) for k, v in login.cookies["csrftoken"].items()}
css = staticfiles_storage.url("css/app.css")
asset = client.get(css, **tls)
out["asset"] = [css, asset.status_code, asset.get("Cache-Control")]
plain_asset = client.get("/static/css/app.css", **tls)
out["unhashed"] = [plain_asset.status_code, plain_asset.get("Cache-Control")]
bad_host = client.get("/healthz", HTTP_HOST="evil.example.com", HTTP_X_FORWARDED_PROTO="https")
out["bad_host"] = bad_host.status_code
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    # Collecting with compression takes seconds; see production_manifest_settings.py.
    env = _env(tmp_path, DJANGO_SETTINGS_MODULE="tests.spreadguide.production_manifest_settings")
    collected = _run(["manage.py", "collectstatic", "--no-input", "-v0"], env)
    assert collected.returncode == 0, collected.stderr
    probe = _run(["-c", PROBE], env)
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout.strip().splitlines()[-1])


def test_production_settings_are_secure(production):
    assert production["settings"] == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_HTTPONLY": True,
    }


def test_plain_http_is_redirected_to_https(production):
    status, location = production["http"]
    assert status == 301
    assert location == "https://spread.example.nhs.uk/healthz"


def test_https_responses_carry_hsts_and_security_headers(production):
    status, headers = production["health"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_csrf_cookie_is_secure_in_production(production):
    assert production["csrf_cookie"]["secure"] == "True"
    assert production["csrf_cookie"]["samesite"] == "Lax"


def test_hashed_static_files_are_cached_for_ever(production):
    assert production["configured_storage"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production["storage"] == "ManifestStaticFilesStorage"  # the test's fast stand-in
    url, status, cache_control = production["asset"]
    assert url != "/static/css/app.css"  # the manifest gives it a content hash
    assert status == 200
    assert "immutable" in cache_control
    assert "max-age=315360000" in cache_control
    status, cache_control = production["unhashed"]
    assert status == 200
    assert "immutable" not in (cache_control or "")


def test_unknown_hosts_are_refused(production):
    assert production["bad_host"] == 400
