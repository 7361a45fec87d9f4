"""Settings for Spread Guide, read from the environment.

Nothing set gives a safe local set-up: SQLite in the project folder, DEBUG on, local hosts only.
``DJANGO_ENV=production`` turns on every production safeguard and refuses to start without the
variables production needs.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

ENVIRONMENT = env.str("DJANGO_ENV", default="development")
PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET = "django-insecure-local-development-only"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # Refuse to start rather than run an insecure production server.
    problems = []
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50:
        problems.append("SECRET_KEY must be set to a random value of at least 50 characters")
    if DEBUG:
        problems.append("DEBUG must be off")
    hosts = env.list("ALLOWED_HOSTS", default=[])
    if not hosts:
        problems.append("ALLOWED_HOSTS must name the host(s) this site is served on")
    elif "*" in hosts:
        problems.append("ALLOWED_HOSTS must not be '*'")
    if not env.str("DATABASE_URL", default=""):
        problems.append("DATABASE_URL must point at the production database")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with DJANGO_ENV=production: " + "; ".join(problems) + "."
        )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "spreadguide.admin_site.GuideAdminConfig",  # the admin, with the guide tools
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "django_htmx",
    "simple_history",
    "import_export",
    "axes",
    "content",
    "selector",
    "teams",
]

MIDDLEWARE = [
    "spreadguide.proxies.UntrustedForwardingMiddleware",
    "spreadguide.middleware.OneRevisionReadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "spreadguide.middleware.ApiErrorBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "spreadguide.middleware.CSPMiddleware",  # django-csp's, its policy built once
    "spreadguide.middleware.PermissionsPolicyMiddleware",
    "spreadguide.middleware.RequestLimitsMiddleware",
    "spreadguide.http.CacheOutcomeMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spreadguide.urls"
WSGI_APPLICATION = "spreadguide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "spreadguide.context_processors.navigation",
                "spreadguide.context_processors.preview",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
# No health check: it costs a "SELECT 1" on every request. A connection the database dropped
# fails one request, and Django then closes it (it is never reused after an error).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Bounded either way: local memory keeps at most CACHE_MAX_ENTRIES entries per process (culled
# oldest first); a Redis server must be given a memory limit and an eviction policy (see
# docs/deploy.md), since every entry here can be rebuilt.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://spreadguide")}
CACHES["default"].setdefault("OPTIONS", {})
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"]["OPTIONS"].setdefault(
        "MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=500)
    )

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin sign-in: five failures lock the username and address out for an hour.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a load balancer the lockout must key on the real client, not the balancer: axes reads
# it with django-ipware, but only from requests that came through the configured proxies
# (spreadguide/proxies.py). AXES_PROXY_COUNT is how many proxies a request passes through
# (1 for one load balancer); django-ipware counts those listed in X-Forwarded-For, which is
# all but the one connecting to us.
PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "spreadguide.proxies.client_ip"
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT > 0 else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT > 0 else ["REMOTE_ADDR"]
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# A refused form (expired page, blocked cookie) gets a styled page that says what to do.
CSRF_FAILURE_VIEW = "spreadguide.errors.csrf_failure"

# Spreadsheet exports: a cell starting "=" must not run as a formula (content/resources.py
# neutralises "+", "-" and "@" too, for the methods table).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]
CRISPY_TEMPLATE_PACK = "nhsuk"

# Requests larger than these are refused before any view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
MAX_QUERY_STRING_LENGTH = 4096  # longer query strings get a clean 414
MAX_REQUEST_BODY_SIZE = env.int("MAX_REQUEST_BODY_SIZE", default=10 * 1024 * 1024)  # else 413

# Which views answer conditional GETs (ETag, 304) and which keep their page in the cache is
# declared on each view with ``spreadguide.http.conditional_content``.


def _release() -> str:
    """What code is running, so a deploy changes every ETag (same value on every server)."""
    head = BASE_DIR / ".git" / "HEAD"
    try:
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            return (BASE_DIR / ".git" / ref[5:]).read_text().strip()[:12]
        return ref[:12]
    except OSError:
        return "unknown"


RELEASE = env.str("RELEASE", default="") or _release()

# Security headers. The CSP allows no inline script or style: every script is a static file.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# The proxies (load balancer) whose X-Forwarded-* headers are believed: the same variable, with
# the same default, as gunicorn's forwarded_allow_ips, so the two agree. Headers from anyone
# else are dropped before any other middleware sees them (spreadguide/proxies.py).
FORWARDED_ALLOW_IPS = env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1")
if PRODUCTION:
    # The load balancer terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "spreadguide.logging.RedactPlanKeys"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # gunicorn's own loggers are configured, with the same filter, in gunicorn.conf.py.
        # Replaces Django's default handlers (console when DEBUG, mail_admins), which would
        # write request paths, and so plan keys, without the filter.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint narrates every layout step at INFO; only its warnings matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SITE_NAME = "Spread Guide"
# The public address written into exports and permalinks (e.g. "https://spread.example.nhs.uk").
# Unset, the address the request came to is used.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
# Where people send feedback and report accessibility problems (shown on those pages).
FEEDBACK_EMAIL = env.str("FEEDBACK_EMAIL", default="")

# Garbage-collector thresholds for app processes, set before gunicorn forks (spreadguide.warmup).
GC_THRESHOLD = tuple(env.list("GC_THRESHOLD", cast=int, default=[50_000, 20, 20]))

# Exports per client (django-ratelimit's "count/period"): every format, then PDF and Word, which
# take a few hundred milliseconds of CPU each. Counted in the cache: per process with local
# memory, across servers with Redis.
EXPORT_RATE = env.str("EXPORT_RATE", default="30/m")
RENDER_RATE = env.str("RENDER_RATE", default="10/m")
# PDF or Word renders at once in one process; a request finding none free gets 429 at once.
RENDERS_PER_PROCESS = env.int("RENDERS_PER_PROCESS", default=1)
# WeasyPrint runs in a render process of each web process (selector/pdf_process.py), so a PDF
# never holds the web process's interpreter lock; off renders in the web process itself. A render
# past the timeout (seconds) is stopped: nothing else bounds it, since a gthread worker keeps
# telling gunicorn it is alive while one of its threads is busy. The render process is replaced
# after that many PDFs, to bound any leak.
PDF_RENDER_PROCESS = env.bool("PDF_RENDER_PROCESS", default=True)
PDF_RENDER_TIMEOUT = env.float("PDF_RENDER_TIMEOUT", default=20.0)
PDF_RENDERS_PER_CHILD = env.int("PDF_RENDERS_PER_CHILD", default=200)
# django-ratelimit warns that local memory is not shared between processes: known, and stated
# above; with Redis (the multi-server set-up) the limit is shared.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Anonymous usage counts are kept in each process and written at most this often (seconds).
USAGE_FLUSH_SECONDS = env.int("USAGE_FLUSH_SECONDS", default=10)

# How long a guide revision read by one request serves the process's next reading requests
# (seconds). A publish is seen at once by the process that made it and within this long by every
# other; requests that may write always read it; 0 reads it on every request.
GUIDE_REVISION_RECHECK_SECONDS = env.float("GUIDE_REVISION_RECHECK_SECONDS", default=1.0)

# Team plans: members per team, and answers a member may send per window (seconds).
TEAM_MEMBER_CAP = env.int("TEAM_MEMBER_CAP", default=200)
TEAM_SUBMISSIONS_PER_WINDOW = env.int("TEAM_SUBMISSIONS_PER_WINDOW", default=60)
# Joins per client address per team and window: a whole team may sit behind one office network.
TEAM_JOINS_PER_WINDOW = env.int("TEAM_JOINS_PER_WINDOW", default=200)
TEAM_SUBMISSION_WINDOW_SECONDS = env.int("TEAM_SUBMISSION_WINDOW_SECONDS", default=60)
