"""The one error every parser raises for a file it cannot read."""

from __future__ import annotations


class ParseError(Exception):
    """A file that cannot be parsed; `reason` is one line of Chinese for the reviewer."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
