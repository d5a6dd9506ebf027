"""Scoring wording read into numbers: one cell split into clauses with their points.

"国际性10分；全国或区域性6分" is two clauses; each keeps its points, cap, per-item
rate, count threshold, deduction or veto. Rule guessing and the row reader both
start from these clauses, so how notices word points is written down only here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.numerals import chinese_number

NUMBER = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)"
UNITS = "次项期条篇场个"
VETO = re.compile(r"一票否决")
DISCRETION = re.compile(r"酌情|结合实际|根据实际|情况赋分|赋分")
CAP = re.compile(r"(?:总分|合计|累计)?(?:不超过|不高于|最高|封顶|上限为?)(\d+(?:\.\d+)?)分")
PER_ITEM = (
    re.compile(rf"([加扣])?(\d+(?:\.\d+)?)分/([{UNITS}人])(?:、[{UNITS}])?"),
    re.compile(rf"每[^，；。\d]{{0,8}}?(?:一|1)([{UNITS}])(?:得|加|计)?(\d+(?:\.\d+)?)分"),
    re.compile(rf"有(?:一|1)([{UNITS}])(?:得|加|计)(\d+(?:\.\d+)?)分"),
    re.compile(rf"每([{UNITS}])(?:得|加|计)?(\d+(?:\.\d+)?)分"),
)
DEDUCT = re.compile(r"扣(得)?(\d+(?:\.\d+)?)分")
FULL = re.compile(r"不扣分|得满分")
ZERO = re.compile(r"不得分")
GAIN = re.compile(r"(?:得|加|计)?(\d+(?:\.\d+)?)分")
ABOVE = (
    re.compile(rf"(?:≥|>=|不少于|至少)\s*{NUMBER}\s*([{UNITS}])"),
    re.compile(rf"{NUMBER}\s*([{UNITS}])(?:及|或)?以上"),
)
BELOW = re.compile(rf"{NUMBER}\s*([{UNITS}])(?:以下|以内)")


@dataclass
class Clause:
    """One piece of scoring wording ("全国或区域性学术会议6分", "缺1项扣1分") read into numbers."""

    label: str
    raw: str
    # The clause's own words, without the context pieces joined to `label`.
    own: str = ""
    gain: float | None = None
    deduct: float | None = None
    per: tuple[float, str] | None = None
    sign: str = ""
    cap: float | None = None
    full: bool = False
    zero: bool = False
    veto: bool = False
    discretionary: bool = False
    above: tuple[int, str] | None = None
    below: tuple[int, str] | None = None
    ambiguous: bool = False

    @property
    def scored(self) -> bool:
        return any(v is not None for v in (self.gain, self.deduct, self.per, self.above)) or self.full or self.veto

    @property
    def points(self) -> float | None:
        return self.per[0] if self.per else self.gain


def split_top(text: str, separators: str = "，；。;,\n") -> list[str]:
    """Pieces of `text` split at separators outside brackets; "）、" also separates
    ("市科协表彰（加1分/次）、中国科协表彰（加2分/次）")."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch in separators or (ch == "、" and i and text[i - 1] in "）)")):
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip(" 　")]


def _count(s: str) -> int | None:
    """A count as written ("5", "五"); None for a vague one ("两三")."""
    value = chinese_number(s)
    return int(value) if value is not None else None


def read_clause(piece: str) -> Clause:
    """The numbers in one piece of wording; what is left, cleaned, is its label."""
    c = Clause(label="", raw=piece)
    rest = piece
    # Points written in brackets belong to the words before them: "开展技术服务（4分，2分/次）".
    rest = re.sub(r"[（(]([^（）()]*\d[^（）()]*分[^（）()]*)[）)]", lambda m: " " + m.group(1) + " ", rest)
    c.veto = bool(VETO.search(rest))
    c.discretionary = bool(DISCRETION.search(rest))
    if m := CAP.search(rest):
        c.cap = float(m.group(1))
        rest = rest[: m.start()] + rest[m.end() :]
    for pattern in PER_ITEM:
        if m := pattern.search(rest):
            groups = m.groups()
            if pattern is PER_ITEM[0]:
                c.sign, c.per = groups[0] or "", (float(groups[1]), groups[2])
            else:
                c.per = (float(groups[1]), groups[0])
            rest = rest[: m.start()] + rest[m.end() :]
            break
    if m := DEDUCT.search(rest):
        c.deduct, c.ambiguous = float(m.group(2)), bool(m.group(1))
        rest = rest[: m.start()] + rest[m.end() :]
    if FULL.search(rest):
        c.full, rest = True, FULL.sub("", rest)
    if ZERO.search(rest):
        c.zero, rest = True, ZERO.sub("", rest)
    for pattern in ABOVE:
        if (m := pattern.search(rest)) and _count(m.group(1)):
            c.above = (_count(m.group(1)), m.group(2))
            break
    if (m := BELOW.search(rest)) and _count(m.group(1)):
        c.below = (_count(m.group(1)), m.group(2))
    if m := GAIN.search(rest):
        gain = float(m.group(1))
        rest = rest[: m.start()] + rest[m.end() :]
        if c.per:
            c.cap = c.cap if c.cap is not None else gain  # "（10分，5分/项）": 10 is the cap
        else:
            c.gain = gain
    c.label = c.own = clean_label(rest)
    return c


def clean_label(text: str) -> str:
    """Words left once the numbers are taken out, without the empty brackets and joining punctuation."""
    text = re.sub(r"[（(]\s*[，,、]*\s*[）)]", "", text)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^[，,、；;：:。得]+|[，,、；;：:。的得和及]+$", "", text)
    return text.strip()


def clauses(text: str) -> list[Clause]:
    """The clauses of a cell, with bracketed lists of scored clauses opened up.

    Unscored pieces ("发挥“智库”作用") are context: they join the scored piece
    after them, so each clause reads as a whole.
    """
    found: list[Clause] = []
    context: list[str] = []
    for piece in split_top(text):
        inner = re.search(r"[（(](.*)[）)]", piece)
        if inner and sum(1 for p in split_top(inner.group(1)) if read_clause(p).scored and read_clause(p).label) > 1:
            # "开展技术服务工作（组织…4分，应用…3分）": the bracket holds the clauses.
            context.append(clean_label(piece[: inner.start()]))
            found.extend(clauses(inner.group(1)))
            continue
        clause = read_clause(piece)
        modifier = clause.cap is not None or clause.discretionary or clause.zero
        if not clause.scored and not modifier:
            context.append(clause.label or piece)
            continue
        if not clause.scored and found:
            # "总分不超过10分", "酌情赋分", "未参与不得分" qualify the clause before.
            last = found[-1]
            last.cap = last.cap if clause.cap is None else clause.cap
            last.discretionary |= clause.discretionary
            last.zero |= clause.zero
            continue
        if context:
            clause.label = "，".join([*context, clause.label]) if clause.label else "，".join(context)
            context = []
        found.append(clause)
    if context and found:
        found[-1].label = "，".join([found[-1].label, *context])
    return found
