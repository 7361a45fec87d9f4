"""Gunicorn configuration for Spread Guide (read automatically from the working directory).

Every value can be overridden from the environment, so one file serves every host:

    GUNICORN_BIND=0.0.0.0:8000 GUNICORN_WORKERS=4 gunicorn spreadguide.wsgi

The app keeps no state in its processes (answers live in the URL, saved plans and content in
PostgreSQL, the content snapshot in a cache keyed by guide revision), so any number of these
servers can sit behind one load balancer.
"""

import multiprocessing
import os

wsgi_app = "spreadguide.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threaded workers (gthread): a request that waits (a slow client, the database, a PDF render)
# holds one thread, not a whole process, so slow or idle clients cannot take every worker as
# they could with sync workers. Requests are CPU-bound, so a few threads per process are enough.
# Workers: two per core plus one, capped so a big host does not exhaust the database's
# connections (each thread may keep one open for CONN_MAX_AGE seconds).
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 9)))
# gthread with a time limit on reading each request (spreadguide/gunicorn_worker.py), so a
# client sending half a request cannot hold a thread for more than GUNICORN_READ_TIMEOUT s.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "spreadguide.gunicorn_worker.ThreadWorker")
# Enough threads that a handful of slow clients leave most free; with 9 workers that is at
# most 72 database connections (PostgreSQL allows 100 by default).
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# gthread keeps idle keep-alive connections in its poller, not in a thread.
worker_connections = 200

# A PDF export takes under a second; nothing legitimate takes 30.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5  # behind a load balancer that keeps connections open
# Heartbeat files in memory, not on a disk that may stall under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Workers are recycled when they grow past a memory bound (GUNICORN_MAX_WORKER_MIB, 190 MiB,
# checked every 256 requests by the worker class), so a slow leak (in a PDF library, say) cannot
# grow for ever, while a healthy worker is never restarted and no request waits for a fork it
# did not need. A request count can be set as well, for a platform that wants one.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10

# Load the app before forking: workers share its memory and a broken config fails at start.
preload_app = True


def on_starting(server):
    """In the master, before the first fork: load what every worker would load lazily.

    Before gunicorn installs its child-process handler, so helper processes that libraries
    start while loading (looking up shared libraries) are not mistaken for workers."""
    from spreadguide.warmup import warm

    warm()


# Request line limit above the app's MAX_QUERY_STRING_LENGTH (4096), so an oversized query
# reaches Django and gets its clean 414 page rather than gunicorn's bare 400.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# The load balancer terminates TLS and sets X-Forwarded-Proto; trust it only from these hosts.
# Django reads the same variable with the same default (settings.FORWARDED_ALLOW_IPS) and drops
# the headers from anyone else, so gunicorn and Django always trust the same proxies.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs go to stdout/stderr for the platform to collect; plan keys are redacted on every line.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(f)s" "%(a)s"'
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "spreadguide.logging.RedactPlanKeys"}},
    "formatters": {
        "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"},
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["redact"],
            "stream": "ext://sys.stderr",
        },
        "access_console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "filters": ["redact"],
            "stream": "ext://sys.stdout",
        },
    },
    # gunicorn merges this over its defaults key by key; its default root logger names a handler
    # replaced here, so the root is given again.
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access_console"], "level": "INFO", "propagate": False},
    },
}
