"""Functions for render-process tests to send to a render process: importable there, which has
no Django (so nothing here may import it)."""

from __future__ import annotations


class TwoPartError(Exception):
    """Pickles, but does not unpickle (its __init__ needs two arguments, and gets one)."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


def raise_two_part_error() -> None:
    raise TwoPartError("one", "two")
