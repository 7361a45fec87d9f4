"""Production settings with the uncompressed manifest storage, for a fast collectstatic in tests.

WhiteNoise decides what to cache for ever from the manifest (hashed names), which this storage
writes exactly as the production one does; only the gzip/brotli copies are skipped, which take
most of collectstatic's time. bench/run.py collects with the real production storage.
"""

from spreadguide.settings import *  # noqa: F403
from spreadguide.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
