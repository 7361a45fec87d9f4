"""Reading the guide's YAML without letting a hostile file exhaust the process.

PyYAML's safe loader still expands aliases (a "billion laughs" file of a few hundred bytes
becomes gigabytes) and has no limit on size or time. The guide never needs anchors or aliases,
so they are refused outright; scalars, node counts and parsing time are bounded too.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

MAX_FIELD_CHARS = 50_000  # the longest shipped text is under 4,000 characters
MAX_FILE_BYTES = 1_000_000  # the largest shipped file is under 20 KB
MAX_NODES_PER_FILE = 50_000  # the whole shipped guide has under 4,000


class UnsafeYAML(Exception):
    """A file the guide's reader refuses; ``line`` is 1-based, or None for the whole file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(message)


@dataclass
class Budget:
    """Limits shared by every file read in one import."""

    deadline: float | None = None  # in this thread's CPU time, so a busy machine is no excuse
    nodes_left: int | None = None

    def spend_node(self, line: int) -> None:
        if self.deadline is not None and time.thread_time() > self.deadline:
            raise UnsafeYAML("reading the guide took too long; is the file far larger?", line)
        if self.nodes_left is not None:
            self.nodes_left -= 1
            if self.nodes_left < 0:
                raise UnsafeYAML("the guide has far more entries than expected", line)


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("yaml_budget", default=None)


@contextlib.contextmanager
def import_limits(*, seconds: float, nodes: int) -> Iterator[Budget]:
    """Bound the CPU time and the YAML nodes of every file read inside the block."""
    budget = Budget(deadline=time.thread_time() + seconds, nodes_left=nodes)
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


class _GuideLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._file_nodes = MAX_NODES_PER_FILE
        self._shared = _budget.get()

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent) or (
            isinstance(event, ScalarEvent | CollectionStartEvent) and event.anchor
        ):
            raise UnsafeYAML("anchors and aliases (& and *) are not allowed", line)
        if isinstance(event, ScalarEvent) and len(event.value) > MAX_FIELD_CHARS:
            raise UnsafeYAML(f"a value is longer than {MAX_FIELD_CHARS:,} characters", line)
        self._file_nodes -= 1
        if self._file_nodes < 0:
            raise UnsafeYAML("the file has far more entries than expected", line)
        if self._shared is not None:
            self._shared.spend_node(line)
        return super().compose_node(parent, index)


def load(data: bytes) -> object:
    """The document in ``data`` as plain Python values; raise UnsafeYAML if it is refused."""
    if len(data) > MAX_FILE_BYTES:
        raise UnsafeYAML(f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsafeYAML(f"not UTF-8 text (at byte {exc.start + 1})") from exc
    loader = _GuideLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise UnsafeYAML(f"not valid YAML ({problem})", mark.line + 1 if mark else None) from exc
    finally:
        loader.dispose()
