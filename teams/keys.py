"""The join key of a team, derived one way from its lead key.

The lead key is a saved-plan key (``selector.plans.new_key``: 256 random bits). The join key
is the SHA-256 of the lead key under a fixed label, written URL-safe: as unguessable as the
lead key, impossible to turn back into it, and always computable from the lead page, so the
lead can find the link to share again without it ever being stored (only its hash is).
"""

from __future__ import annotations

import base64
import hashlib

LABEL = b"spread-guide team join key\x00"


def join_key_for(lead_key: str) -> str:
    digest = hashlib.sha256(LABEL + lead_key.encode("utf-8", "surrogatepass")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
