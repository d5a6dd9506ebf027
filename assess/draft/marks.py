"""What a person must check in a draft, kept beside the rubric data rather than in it.

The data must stay what the schema reads, yet the table's arithmetic, the
notice's grades and the indicators' rows all leave notes that the YAML shows as
comments; one small object carries them from where they arise to `render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Marks:
    """The comments a draft carries, by place in the rubric (a path of keys and list
    indices; `()` is the draft as a whole): TODOs, and where each indicator's row is."""

    unit: str
    todos: dict[tuple, list[str]] = field(default_factory=dict)
    sources: dict[tuple, str] = field(default_factory=dict)

    def todo(self, where: tuple, text: str) -> None:
        self.todos.setdefault(where, []).append(text)
