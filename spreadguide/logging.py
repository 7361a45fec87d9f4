"""Keep plan keys out of logs: a saved plan's link is its only key.

``RedactPlanKeys`` is attached to every handler (Django's and gunicorn's, see settings.LOGGING
and gunicorn.conf.py). It rewrites the formatted message, so the key is removed whether it came
in the format string or the arguments (gunicorn's access log passes the request line, the
referrer and the query as arguments), and from a traceback's text as well.
"""

import logging
import re

# /plans/<key>/... and /teams/<key>/..., also percent-encoded slashes, and ?key=... / &plan=... query parameters.
_PLAN_PATH = re.compile(r"(/(?:plans|teams)(?:/|%2[Ff]))[A-Za-z0-9_-]{16,}")
_PLAN_PARAM = re.compile(r"(\b(?:key|plan|plan_key)=)[A-Za-z0-9_-]{16,}")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    if "plans" in text or "teams" in text or "key=" in text or "plan=" in text:
        text = _PLAN_PATH.sub(rf"\1{REDACTED}", text)
        text = _PLAN_PARAM.sub(rf"\1{REDACTED}", text)
    return text


class RedactPlanKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record must not break logging; leave it to the handler
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
