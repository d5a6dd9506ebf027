"""Admissions: a summary saying the society itself fell short (未报批, 未参加, 逾期, 年检不合格).

A reviewer deducts for these when reading; kaohe finds them so the deduction
is proposed rather than missed. Only the words are read here (cues in
`data/lexicon.yaml`); which rubric row an admission falls under is
`assess.deductions`' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.span import Span
from extractors.classify import in_plan_section
from extractors.lexicon import lexicon
from extractors.models import Document
from extractors.numerals import CN_NUMERAL_CHARS, chinese_number
from extractors.statements import split_clauses, statements

# "2项学术活动未报批", "有三次未参加": how many times one clause admits it.
_TIMES = re.compile(rf"(\d+|[{CN_NUMERAL_CHARS}]+)\s*[次项场个份]")


@dataclass(frozen=True)
class Admission:
    kind: str  # unapproved, absent, late, not_submitted, unfinished, inspection_failed
    cue: str
    count: int
    span: Span  # the clause that admits it


def admissions(document: Document, year: int | None = None) -> list[Admission]:
    """Every clause of `document` that admits a shortfall, in reading order.

    A clause that denies, prevents or plans against the shortfall ("未发生未报批的情况",
    "确保不出现…", "杜绝…") admits nothing, nor does next year's plan.
    """
    lex = lexicon()
    found: list[Admission] = []
    for st in statements(document):
        if in_plan_section(st.headings, year) or lex.planned.search(st.text):
            continue
        for begin, end in split_clauses(st.text):
            clause = st.text[begin:end]
            cue = lex.admission_cues.search(clause)
            if cue is None or lex.admission_guards.search(clause[: cue.start()]):
                continue
            start = st.start + begin
            found.append(Admission(kind=lex.admission_kinds[cue.group()], cue=cue.group(), count=_count(clause, cue.start(), cue.end()),
                                   span=document.span(start, start + len(clause.rstrip("，,")))))
    return found


def denied(text: str, word: str) -> bool:
    """Whether `word` appears in `text` only as something denied, prevented or planned against ("确保不出现不合格")."""
    lex = lexicon()
    if lex.planned.search(text):
        return True
    for begin, end in split_clauses(text):
        clause = text[begin:end]
        at = clause.find(word)
        if at >= 0 and not lex.admission_guards.search(clause[:at]):
            return False
    return True


def _count(clause: str, start: int, end: int) -> int:
    """The number told nearest before the cue ("12次活动中有1次未报批"), else the first after it ("未报批的活动2场")."""
    before = list(_TIMES.finditer(clause, 0, start))
    m = before[-1] if before else _TIMES.search(clause, end)
    if m is None:
        return 1
    value = chinese_number(m.group(1))
    return int(value) if value and value >= 1 else 1
