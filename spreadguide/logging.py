"""Keep plan keys out of logs: a saved plan's link is its only key."""

import logging
import re

_PLAN_KEY = re.compile(r"(/plans/)[A-Za-z0-9_-]{16,}")


class RedactPlanKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/plans/" in message:
            record.msg = _PLAN_KEY.sub(r"\1[redacted]", message)
            record.args = ()
        return True
