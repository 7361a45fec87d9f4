"""Everything a worker would otherwise load on its first request, done once in the gunicorn
master before it forks (``on_starting`` in gunicorn.conf.py).

Without it each new worker imported the URL configuration (and with it WeasyPrint and
python-docx) on its first request, which took 1 to 2.3 s, and every recycled worker paid again.
Loaded in the master, the code, the compiled templates and the guide snapshot are shared by
every worker (copy-on-write), so a recycled worker answers its first request at full speed.
"""

from __future__ import annotations

import gc
import logging
import sys

logger = logging.getLogger(__name__)

# The templates a public request may need; compiled once here instead of once per worker.
TEMPLATES = (
    "selector/result.html",
    "selector/_result_body.html",
    "selector/step.html",
    "selector/check.html",
    "selector/what_if.html",
    "content/home.html",
    "404.html",
)


def warm() -> None:
    """Load the URL configuration, heavy libraries, templates and the current snapshot."""
    from django.db import connections
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view, the exporters with them)
    for name in TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            logger.warning("Warm-up: no template %s", name)
    try:
        from content.snapshot import get_snapshot
        from selector.engine import prepare

        prepare(get_snapshot())
    except Exception:  # no database yet: each worker builds it on first use instead
        logger.warning("Warm-up: the guide snapshot could not be loaded", exc_info=True)
    finally:
        connections.close_all()  # a connection must never be shared across a fork
    tune_gc()
    # Hand the interpreter lock between threads every millisecond rather than every five, so a
    # quick request (a health check) is not kept waiting behind busy threads.
    sys.setswitchinterval(0.001)
    # What is loaded now lives as long as the process: keep the collector from walking it on
    # every full collection (and from touching its pages, which would unshare them).
    gc.collect()
    gc.freeze()


def tune_gc() -> None:
    """Collect the youngest objects less often (``GC_THRESHOLD``).

    A recommendation over a large guide allocates tens of thousands of short-lived objects, and
    Python's default (a collection every 700 allocations) made the 100x-content p95 eight times
    the median; 50,000 brings it within 1.5 times, for a few megabytes more between collections.
    """
    from django.conf import settings

    gc.set_threshold(*settings.GC_THRESHOLD)
