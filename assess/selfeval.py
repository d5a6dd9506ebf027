"""Self-evaluation tables (自评表): what a society claims for each rubric indicator, and where it says so.

A filled 自评表 is the notice's blank form as an office retyped it: in Word,
Excel or a PDF exported from either, with merged category cells, header rows
repeated on every page, column names of its own (自评分, 自评得分, 自评; 自评依据,
自评说明, 完成情况) and the indicator wording copied, shortened or rephrased.
This module finds the table by its self-score column, reads each row's
wording, 分值, self-score and 自评依据, and maps the row to a rubric indicator
by how much of the row's wording the indicator's own words account for
(characters and character pairs weighted by how rare they are across the
rubric, plus rapidfuzz's partial ratio), helped by the row's category cells
and 分值. Every value keeps its provenance, so a reviewer can check it.

It knows no province: columns are recognised by their header words and rows
by the rubric's own text, so a new rubric file needs no code here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from core.span import Span
from extractors.models import Block, Document
from extractors.numerals import chinese_number
from extractors.settings import settings
from rubrics.schema import Indicator, PartsRule, Rubric

# Header words of each column role, tried in this order (自评依据 holds 自评 too).
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("review", re.compile(r"核分|核定|审核|复核|核查|专家评|评审|考核得分|考评")),
    ("standard", re.compile(r"评分标准|评分细则|评分办法|评分方法|计分|赋分")),
    ("basis", re.compile(r"依据|自评说明|完成情况|工作实效|佐证|工作情况|情况说明")),
    ("score", re.compile(r"自评|自我评分|^得分$|^评分$")),
    ("max", re.compile(r"分值|满分|标准分|^分数$|权重")),
    ("note", re.compile(r"^备注$")),
    ("seq", re.compile(r"^(?:序号|编号|序)$")),
    ("label", re.compile(r"指标|内容|项目|类别|要点|任务|名称")),
)
# The first cell of the row with the claimed total, and the same claim written in a paragraph.
TOTAL_ROW = re.compile(r"^(?:合计|总计|总分|自评总分|得分合计|合计得分)")
TOTAL_TEXT = re.compile(r"(?:自评)?(?:总分|合计|总计|得分合计)[为是：:]?\s*(\d+(?:\.\d+)?)\s*分")
NOTE_ROW = re.compile(r"^(?:备注|说明|注)[:：]?$")
_NUMBER = re.compile(r"[-－−]?\d+(?:\.\d+)?")
# Left out before comparing wordings: spacing, punctuation, quotes and score notes ("10分", "5分/项").
_NOISE = re.compile(r"[\s\W_]+|\d+(?:\.\d+)?分?(?:/[次项个篇])?")


class SelfEvalRow(BaseModel):
    """One row of the table: the society's wording, its claim, and the indicator it is for."""

    indicator: str | None  # the rubric indicator; None when no indicator fits the row
    confidence: float  # how well the wording fits that indicator, 0–1
    wording: str
    path: list[str] = Field(default_factory=list)  # the row's category cells (一级/二级指标)
    max: float | None = None  # the row's 分值, as printed on the form
    self_score: float | None = None
    basis: str | None = None  # 自评依据
    wording_span: Span
    score_span: Span | None = None
    basis_span: Span | None = None


class SelfEvaluation(BaseModel):
    """A society's self-evaluation of one rubric, read from its 自评表."""

    document: str
    rubric: str
    rows: list[SelfEvalRow] = Field(default_factory=list)
    claimed_total: float | None = None
    total_span: Span | None = None
    # Indicators of the rubric that no row was mapped to.
    missing: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def claims(self) -> dict[str, float]:
        """Self-score per indicator (rows split in two are added up); rows without a score are left out."""
        totals: dict[str, float] = {}
        for row in self.rows:
            if row.indicator and row.self_score is not None:
                totals[row.indicator] = totals.get(row.indicator, 0) + row.self_score
        return totals

    def rows_total(self) -> float:
        """What the rows' self-scores add up to (to compare with `claimed_total`)."""
        return sum(row.self_score for row in self.rows if row.self_score is not None)


# ---- the table as a grid of cells ------------------------------------------------------


class _Grid:
    """One table with merged cells resolved: every position knows the block that covers it."""

    def __init__(self, cells: list[Block]):
        self.n_rows = max(b.cell.row + b.cell.row_span for b in cells)
        self.n_cols = max(b.cell.col + b.cell.col_span for b in cells)
        self.owner: list[list[Block | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for b in cells:
            for r in range(b.cell.row, b.cell.row + b.cell.row_span):
                for c in range(b.cell.col, b.cell.col + b.cell.col_span):
                    self.owner[r][c] = b

    def text(self, r: int, c: int) -> str:
        block = self.owner[r][c]
        return block.text if block else ""

    def own(self, r: int, c: int) -> Block | None:
        """The block that starts at this row (a vertical merge from above does not count)."""
        block = self.owner[r][c]
        return block if block is not None and block.cell.row == r else None


def _role(text: str) -> str | None:
    text = re.sub(r"\s+", "", text)
    if not text or len(text) > 20:
        return None  # header cells are short; a long cell is content
    return next((role for role, pattern in ROLES if pattern.search(text)), None)


@dataclass
class _Columns:
    """What each column of a 自评表 holds."""

    roles: dict[int, str]
    header_rows: int  # rows from the top of the table that are header
    width: int  # columns of the table, to recognise its continuation on the next page

    def of(self, role: str) -> list[int]:
        return [c for c, r in sorted(self.roles.items()) if r == role]

    @property
    def wording(self) -> int | None:
        labels = self.of("label")
        return labels[-1] if labels else None

    @property
    def path(self) -> list[int]:
        return self.of("label")[:-1]


def _is_header_row(grid: _Grid, r: int) -> bool:
    texts = [grid.text(r, c) for c in range(grid.n_cols) if grid.own(r, c)]
    return bool(texts) and all(_role(t) for t in texts)


def _columns(grid: _Grid) -> _Columns | None:
    """Column roles from the header rows: the first rows (of at most eight) with a self-score column.

    Headers may take two rows (指标分类 over 一级/二级/三级指标); the lower row's
    word decides, the upper one fills in where the lower is merged or empty.
    """
    for top in range(min(grid.n_rows, 8)):
        roles = {_role(b.text) for c in range(grid.n_cols) if (b := grid.own(top, c))}
        # A title row merged across the table ("…自评表") names no columns.
        if "score" not in roles or len(roles - {None}) < 2:
            continue
        bottom = top + 1
        while bottom < grid.n_rows and _is_header_row(grid, bottom):
            bottom += 1
        roles = {}
        for c in range(grid.n_cols):
            for r in range(bottom - 1, top - 1, -1):
                if role := _role(grid.text(r, c)):
                    roles[c] = role
                    break
        if "label" in roles.values():
            return _Columns(roles, bottom, grid.n_cols)
    return None


# ---- reading rows ------------------------------------------------------------------------


@dataclass
class _Row:
    wording: Block
    text: str
    path: list[str]
    max: float | None
    score: Block | None
    basis: Block | None


def _number(text: str) -> float | None:
    """A score as typed: "5", "4.5分", "５", "五分"; None for "—", "/" or words."""
    m = _NUMBER.search(text.replace("－", "-").replace("−", "-"))
    if m:
        value = float(m.group())
        return int(value) if value.is_integer() else value
    value = chinese_number(text.strip().removesuffix("分"))
    return float(value) if value is not None else None


def _first(grid: _Grid, r: int, cols: list[int]) -> Block | None:
    return next((b for c in cols if (b := grid.own(r, c)) and b.text), None)


def _read_rows(grid: _Grid, columns: _Columns, start: int) -> tuple[list[_Row], Block | None]:
    """Indicator rows and the claimed-total cell of one table (or a continuation of it)."""
    rows: list[_Row] = []
    total: Block | None = None
    path = [""] * len(columns.path)
    for r in range(start, grid.n_rows):
        if _is_header_row(grid, r):
            continue  # a header repeated at the top of a page
        first = next((grid.text(r, c) for c in range(grid.n_cols) if grid.text(r, c)), "")
        compact = re.sub(r"\s+", "", first)
        score = _first(grid, r, columns.of("score"))
        if TOTAL_ROW.match(compact):
            total = score or total
            continue
        if NOTE_ROW.match(compact):
            continue
        # Category cells run down merged (or, after a page break, empty) rows: carry them on.
        for i, c in enumerate(columns.path):
            path[i] = grid.text(r, c) or path[i]
        wording = grid.own(r, columns.wording) if columns.wording is not None else None
        max_cell = _first(grid, r, columns.of("max"))
        basis = _first(grid, r, columns.of("basis")) or _first(grid, r, columns.of("note"))
        if wording is None or not wording.text or wording.cell.col < columns.wording:
            continue  # an empty line, or a heading across the row ("一、为科技工作者服务（35分）")
        if rows and score is None and max_cell is None and columns.of("max"):
            # The rest of a row that a page break cut: no score and no 分值 of its own.
            rows[-1].text += wording.text
            continue
        rows.append(_Row(wording, wording.text, [p for p in path if p],
                         _number(max_cell.text) if max_cell else None, score, basis))
    return rows, total


# ---- mapping rows to indicators ------------------------------------------------------------


def _clean(text: str) -> str:
    return _NOISE.sub("", text)


def _units(text: str) -> set[str]:
    """Characters and character pairs: pairs keep words ("党建", "台账") apart from their letters."""
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


@dataclass
class _Profile:
    indicator: Indicator
    category: str
    group: str
    texts: list[str]  # cleaned label and rule text
    keywords: list[str]


class _Matcher:
    """Similarity of a row to each indicator of one rubric."""

    def __init__(self, rubric: Rubric):
        self.profiles = []
        for category, group, ind in rubric.indicators():
            keywords = list(ind.match.keywords)
            if isinstance(ind.rule, PartsRule):
                keywords += [k for part in ind.rule.parts for k in [part.label, *part.match.keywords]]
            texts = [t for t in (_clean(ind.label), _clean(ind.rule_text)) if t]
            self.profiles.append(_Profile(ind, category.name, group.name, texts, keywords))
        # Rarer units say more: "赣鄱" names one indicator, "工作" is in half of them.
        df = Counter(u for p in self.profiles for u in set().union(*map(_units, [*p.texts, _clean(p.group)])))
        n = len(self.profiles)
        self.idf = {u: math.log(1 + n / count) for u, count in df.items()}
        self.unknown = math.log(1 + n)

    def _weight(self, units: set[str]) -> float:
        return sum(self.idf.get(u, self.unknown) for u in units)

    def text_similarity(self, wording: str, text: str) -> float:
        """How much of the wording the text accounts for, a little more when the text is no longer."""
        a, b = _units(wording), _units(text)
        if not a or not b:
            return 0.0
        tuned = settings().self_evaluation.weights
        shared = self._weight(a & b)
        precision, recall = shared / self._weight(a), shared / self._weight(b)
        overlap = precision * (tuned.precision + tuned.recall * recall)
        short, long = sorted((wording, text), key=len)
        fuzzy = (fuzz.partial_ratio(short, long) / 100 if len(short) >= tuned.partial_chars
                 else fuzz.ratio(wording, text) / 100)
        return tuned.overlap * overlap + tuned.fuzzy * fuzzy

    def keyword_cover(self, wording: str, keywords: list[str]) -> float:
        """How much of the wording is made of the indicator's match keywords (年度检查, 科研诚信)."""
        units = _units(wording)
        found = [k for k in keywords if len(k) >= 2 and k in wording]
        if not units or not found:
            return 0.0
        return self._weight(units & set().union(*map(_units, found))) / self._weight(units)

    def similarity(self, row: _Row, profile: _Profile) -> float:
        tuned = settings().self_evaluation.weights
        wording = _clean(row.text)
        score = max((self.text_similarity(wording, t) for t in profile.texts), default=0.0)
        # Rows reworded in the rubric's vocabulary rather than its sentences.
        score = max(score, tuned.keywords * self.keyword_cover(wording, profile.keywords))
        # The row's group cell (二级指标) names the group; with one indicator in it, the group is the indicator.
        group_cells = [_clean(p) for p in row.path]
        group = _clean(profile.group)
        if group and group_cells:
            score += tuned.group * max(fuzz.partial_ratio(group, cell) / 100 for cell in group_cells)
        category = _clean(re.sub(r"^[A-Z]?\d*[.．、]?", "", profile.category))
        if category and group_cells:
            score += tuned.category * max(fuzz.partial_ratio(category, cell) / 100 for cell in group_cells)
        if row.max is not None:
            score += tuned.same_max if math.isclose(row.max, profile.indicator.max) else -tuned.other_max
        return score  # may pass 1 with every hint agreeing; reported confidences are capped


def _assign(rows: list[_Row], matcher: _Matcher) -> list[tuple[int | None, float]]:
    """The indicator of each row: best pairs first, each indicator once (twice for a row split in two)."""
    profiles = matcher.profiles
    n_rows, n_ind = len(rows), len(profiles)
    scores = [[matcher.similarity(row, p) for p in profiles] for row in rows]
    pairs = []
    for i in range(n_rows):
        for j in range(n_ind):
            # Forms keep the rubric's order: between equal fits, the one in the same place wins.
            drift = abs(i / max(n_rows - 1, 1) - j / max(n_ind - 1, 1))
            pairs.append((scores[i][j] - settings().self_evaluation.weights.drift * drift, i, j))
    assigned: list[tuple[int | None, float]] = [(None, 0.0)] * n_rows
    taken: dict[int, int] = {}
    for _value, i, j in sorted(pairs, reverse=True):
        if assigned[i][0] is None and j not in taken and scores[i][j] >= settings().self_evaluation.min_match:
            assigned[i] = (j, scores[i][j])
            taken[j] = i
    for i in range(n_rows):
        if assigned[i][0] is None:
            j = max(range(n_ind), key=lambda k: scores[i][k])
            if scores[i][j] >= settings().self_evaluation.split_match and abs(taken.get(j, -9) - i) == 1:
                assigned[i] = (j, scores[i][j])
    return assigned


# ---- the public reader -------------------------------------------------------------------------


def _tables(document: Document) -> list[_Grid]:
    by_table: dict[int, list[Block]] = {}
    for block in document.blocks:
        if block.cell is not None:
            by_table.setdefault(block.cell.table, []).append(block)
    return [_Grid(cells) for _, cells in sorted(by_table.items())]


def _span(document: Document, block: Block | None) -> Span | None:
    return document.span(block.start, block.end) if block is not None else None


def _total_in_text(document: Document) -> tuple[float | None, Span | None]:
    """A claimed total written outside the table ("自评总分：86分")."""
    for block in document.body_blocks():
        if block.cell is None and (m := TOTAL_TEXT.search(block.text)):
            start = block.start + m.start(1)
            return float(m.group(1)), document.span(start, start + len(m.group(1)))
    return None, None


def read_self_evaluation(document: Document, rubric: Rubric) -> SelfEvaluation:
    """The self-evaluation in `document` (a parsed 自评表), each row mapped to an indicator of `rubric`.

    Tables are recognised by a self-score column (自评分, 自评得分, 自评…); a
    table with no header right after one that has it, and as many columns, is
    read as its continuation on the next page. What cannot be read or mapped
    is said in `warnings`, in Chinese.
    """
    result = SelfEvaluation(document=document.id, rubric=rubric.id)
    rows: list[_Row] = []
    total: Block | None = None
    columns: _Columns | None = None
    for grid in _tables(document):
        found = _columns(grid)
        if found is None and (columns is None or grid.n_cols != columns.width or not rows):
            continue
        if found is not None:
            columns = found
        table_rows, table_total = _read_rows(grid, columns, found.header_rows if found else 0)
        rows += table_rows
        total = table_total or total
    if columns is None:
        result.warnings.append(f"“{document.name}”中没有找到自评表（表头应有“自评分”一列）")
        return result
    if columns.wording is None:
        result.warnings.append(f"“{document.name}”的自评表没有指标名称列")
        return result
    matcher = _Matcher(rubric)
    for row, (j, confidence) in zip(rows, _assign(rows, matcher)):
        result.rows.append(SelfEvalRow(
            indicator=matcher.profiles[j].indicator.id if j is not None else None,
            confidence=round(min(confidence, 1.0), 3), wording=row.text, path=row.path, max=row.max,
            self_score=_number(row.score.text) if row.score else None,
            basis=row.basis.text if row.basis else None,
            wording_span=_span(document, row.wording), score_span=_span(document, row.score),
            basis_span=_span(document, row.basis)))
    if total is not None and (value := _number(total.text)) is not None:
        result.claimed_total, result.total_span = value, _span(document, total)
    else:
        result.claimed_total, result.total_span = _total_in_text(document)
    mapped = {row.indicator for row in result.rows}
    result.missing = [ind.id for _, _, ind in rubric.indicators() if ind.id not in mapped]
    unmapped = [row for row in result.rows if row.indicator is None]
    if len(unmapped) > len(result.rows) / 2:
        result.warnings.append(f"自评表的多数行与评分表“{rubric.title}”的指标对不上，请确认是否选对了评分表")
    for row in unmapped:
        result.warnings.append(f"自评表中“{row.wording[:30]}”一行未能对应到评分表的指标")
    if result.missing and result.rows:
        labels = "、".join(f"“{rubric.indicator(i).label[:20]}”" for i in result.missing)
        result.warnings.append(f"自评表中没有以下指标的行：{labels}")
    if result.claimed_total is None:
        result.warnings.append("自评表中没有找到自评总分（合计）")
    return result
