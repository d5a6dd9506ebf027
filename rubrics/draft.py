"""Draft a rubric file from a notice's self-evaluation table, for a person to finish.

Rubric authors start from the notice: a Word or PDF file, or its text with the
table flattened (one row per line with tab-separated cells, or one cell per
line). This module reads the table into rows, rebuilds the hierarchy (一级 /
二级 / 三级指标, or numbered items whose points are written inside the text),
reads each indicator's maximum and guesses its rule kind from the wording
("国际性10分；全国6分" → tiered, "五次以上5分" → count bands, "未开展扣2分" →
deduction, "结合实际工作开展情况赋分" → discretionary, "一票否决" → veto).
Keywords are drafted from the indicator's words.

What the wording does not settle is marked `# TODO` in the YAML and listed in
`Draft.todos`; the draft never invents a number silently. When the table's own
arithmetic does not hold, or the notice gives no grade thresholds, the draft is
left failing `kaohe rubric check`, which then lists exactly what is left.

Pure: text or a parsed `Document` in, a rubric as data and YAML text out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import yaml

from extractors.classify import read_type
from extractors.lexicon import lexicon
from extractors.models import ActivityType, Document
from extractors.normalize import normalize_text
from extractors.numerals import chinese_number
from rubrics.explain import num

# ---- what a table looks like -------------------------------------------------------

# Header cells name a column's role; these columns hold the society's answer, not the rubric.
ANSWER_COLUMNS = ("自评", "核分", "完成情况", "备注", "得分", "评分人", "佐证")
HEADER_WORDS = ("指标", "分值", "自评", "核分", "备注", "序号", "类别", "项目", "评价内容", "评分标准", "完成情况",
                "考核内容", "评估", "说明", "依据", "标准", "分数", "内容")
TOTAL_WORDS = ("合计", "总计", "总分", "合计分")
POINTS_CELL = re.compile(r"^(\d+(?:\.\d+)?)\s*分?$")
SEQUENCE_CELL = re.compile(r"^\d{1,3}$")
CODE = re.compile(r"^([A-Z])(\d{1,2})\s*")
ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
ITEM_NUMBER = re.compile(r"^\d{1,2}\s*[.．、]+\s*")
LABEL_POINTS = re.compile(r"\s*([（(])?\s*(\d+(?:\.\d+)?)\s*分\s*[）)]?\s*$")
# A row that opens the 加分/扣分 items ("加、扣分项（每项加分不超过3分，加减均不超过10分）").
ADJUSTMENTS = re.compile(r"^[^，。]{0,6}(?:加、扣分|加减分|加分项|扣分项|加分、扣分)")
# Lines around a table that are not its title: form fields and attachment numbers.
FORM_LINE = re.compile(r"填报|盖章|手机|联系电话|^附[件表]\s*\d*\s*[:：]?$")
ATTACHMENT = re.compile(r"^附[件表]\s*(\d*)")
DATE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
WORD = re.compile(r"[\u4e00-\u9fff]")

# ---- how rules are worded --------------------------------------------------------------

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
# A shortfall ("未开展", "缺1项", "少1次") is deducted from the maximum; anything
# else that costs points ("发生事故扣2分") is a penalty for an incident.
SHORTFALL = re.compile(r"^(?:[^，；。]{0,10}?)(?:未|没有|缺|少|不|无)")
OUTCOME_SYNONYMS = {"没有完成年检": "未年检", "未完成年检": "未年检", "未参加年检": "未年检", "不年检": "未年检",
                    "没有年检": "未年检"}
OUTCOME_WORDS = re.compile("基本合格|不合格|合格|未年检|优秀|良好")
# Level words beyond the extractor's lexicon that notices use for awards and instructions.
LEVEL_WORDS = {"国家": "national", "部委": "national", "中国科协": "national", "自治区": "provincial",
               "省部级": "provincial", "市科协": "municipal", "市领导": "municipal", "市级": "municipal",
               "市内": "municipal"}
OTHER_TIER = re.compile(r"^其[他它]")
# Who awards or instructs: what tells tiers apart when they share a level.
ISSUERS = ("中国科协", "市科协", "省科协", "自治区科协", "国家领导", "中央领导", "省领导", "市领导", "自治区领导", "厅局",
           "部委", "国家", "自治区", "市级部门")
COUNT_WORD = re.compile(rf"[一二两三四五六七八九十]+[{UNITS}]")

# Words every indicator uses; as keywords they would match any statement.
STOP_WORDS = frozenset(
    "开展 工作 学会 协会 研究会 积极 组织 加强 推进 推动 进行 相关 各类 各项 情况 建设 发展 "
    "提高 促进 围绕 通过 实施 落实 按照 规定 要求 以上 以下 是否 及时 定期 充分 发挥 作用 "
    "良好 规范 我省 全省 深入 不断 大力 努力 全面 有效 成效 明显 取得 实际 根据 结合 赋分 "
    "得分 扣分 分值 其他 其它 提供 形成 做好 完成 参与 参加 等等 以及 或者 并且 主动 重点 "
    "注重 突出 年度 每年 全年 当年 我区 本地 地方 一批 多种 形式 能力 水平 方面 有关 单位 "
    "个人 开发 制定 制度 确保 支持 进一步 不得 未按 按时 工作者 科技工作者 社会 经济 领域 "
    "专业 科技 创新 服务 关于 发表 精神 基本 严格 上级 坚定 坚决 做到 维护 层面 建立 引导 "
    "研究 日常 运行 按规定 更新 发布 积极开展 活动 设立 提出 升级 人力 智力 支撑 战略 研制 "
    "吸纳 登记 紧紧围绕 目标 任务 职责 明确 签订 协议 各方 多种形式 及其 高质量 数量 资料 "
    "齐全 事项 加以 增强 相应 自身 优势 部门 机构 设置 合理 结构 人员".split()
)

# Province-level names, the pinyin used in rubric ids and the prefix of indicator ids.
REGIONS = (
    ("北京", "beijing", "bj"), ("天津", "tianjin", "tj"), ("河北", "hebei", "heb"), ("山西", "shanxi", "sx"),
    ("内蒙古", "neimenggu", "nmg"), ("辽宁", "liaoning", "ln"), ("吉林", "jilin", "jl"), ("黑龙江", "heilongjiang", "hlj"),
    ("上海", "shanghai", "sh"), ("江苏", "jiangsu", "js"), ("浙江", "zhejiang", "zj"), ("安徽", "anhui", "ah"),
    ("福建", "fujian", "fj"), ("江西", "jiangxi", "jx"), ("山东", "shandong", "sd"), ("河南", "henan", "hen"),
    ("湖北", "hubei", "hub"), ("湖南", "hunan", "hun"), ("广东", "guangdong", "gd"), ("广西", "guangxi", "gx"),
    ("海南", "hainan", "hi"), ("重庆", "chongqing", "cq"), ("四川", "sichuan", "sc"), ("贵州", "guizhou", "gz"),
    ("云南", "yunnan", "yn"), ("西藏", "xizang", "xz"), ("陕西", "shaanxi", "sn"), ("甘肃", "gansu", "gs"),
    ("青海", "qinghai", "qh"), ("宁夏", "ningxia", "nx"), ("新疆", "xinjiang", "xj"),
    # A table that names no region, only "自治区…".
    ("自治区", "zizhiqu", "zzq"),
)
# What kind of unit a table assesses, from its title; the last word of a rubric id.
UNIT_KINDS = (("高校", "university"), ("企业", "enterprise"), ("区县", "district"), ("学会", "society"))
CATEGORY_IDS = (
    ("党建", "party"), ("政治引领", "political"), ("能力", "capability"), ("学术", "academic"),
    ("全民素质", "popularization"), ("科普", "popularization"), ("决策", "consulting"), ("创新驱动", "innovation"),
    ("科技服务", "service"), ("技术服务", "service"), ("自身建设", "self"), ("科技工作者", "members"),
    ("特色", "featured"), ("业务", "business"), ("重点工作", "priorities"), ("常规", "routine"), ("改革", "reform"),
    ("宣传", "publicity"),
)


# ---- tables as rows of cells ---------------------------------------------------------


@dataclass
class SourceTable:
    """One table of the notice: its title and its rows of normalised cells.

    `exact` says the cells sit in their true columns (Word, PDF, a cell-per-line
    text); a row-per-line text shifts cells when the flattening dropped empty ones.
    """

    title: str
    attachment: str
    rows: list[list[str]]
    # Where each row is in the notice: its line in a text, its page in a document.
    lines: list[int]
    exact: bool
    unit: str = "行"


def tables_from_document(doc: Document) -> list[SourceTable]:
    """The tables of a parsed Word, PDF or Excel file, each with the lines above it as its title."""
    tables = []
    for index in sorted({b.cell.table for b in doc.blocks if b.cell is not None}):
        grid = doc.table_grid(index)
        first = next(b for b in doc.blocks if b.cell is not None and b.cell.table == index)
        above = [b.text for b in doc.blocks[: first.index] if b.cell is None][-6:]
        title, attachment = _title(above)
        pages = {b.cell.row: b.page or 1 for b in reversed(doc.blocks) if b.cell is not None and b.cell.table == index}
        rows = [[c or "" for c in row] for row in grid]
        tables.append(SourceTable(title, attachment, rows, [pages.get(r, 1) for r in range(len(rows))], True, "页"))
    return tables


def tables_from_text(text: str) -> list[SourceTable]:
    """The tables of a notice's text, flattened row per line (tabs between cells) or cell per line.

    A cell-per-line table starts each cell with a tab; a line without one
    continues the cell above, unless the row is already complete and a blank
    line came first (then it is the text after the table).
    """
    tables: list[SourceTable] = []
    above: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    cells: list[tuple[list[str], int, bool]] = []  # cell per line: (its lines, line number, after a blank line)
    blank = False

    def close() -> None:
        nonlocal rows, lines, cells
        if rows:
            tables.append(SourceTable(*_title(above[-6:]), rows, lines, exact=False))
            above.clear()
        for before, found, numbers in _cell_tables(cells):
            above.extend(before)
            tables.append(SourceTable(*_title(above[-6:]), found, numbers, exact=True))
            above.clear()
        rows, lines, cells = [], [], []

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip(" \t\u3000") and not line.startswith("\t"):
            blank = True
            continue
        if line.startswith("\t") and line.count("\t") == 1:
            if rows:
                close()
            cells.append(([line[1:]], number, blank))
        elif "\t" in line:
            if cells:
                close()
            rows.append([normalize_text(c) for c in line.split("\t")])
            lines.append(number)
        elif cells:
            cells[-1][0].append("\n" + line if blank else line)
        else:
            if rows:
                close()
            above.append(normalize_text(line.lstrip("#").strip()))
        blank = False
    close()
    return tables


def _cell_tables(cells: list[tuple[list[str], int, bool]]):
    """(text before, rows, line numbers) of each cell-per-line table in a run of cells.

    Cells after a blank line start a new run; runs fill a row up to the table's
    width (the widest of its first runs: the header), so a cell split by blank
    lines does not end its row early. Text after a blank line below a complete
    row is outside the table: it ends this table and heads the next.
    """
    before: list[str] = []
    while cells:
        runs: list[list[int]] = []
        for i, (_, _, after_blank) in enumerate(cells):
            if after_blank or not runs:
                runs.append([])
            runs[-1].append(i)
        width = max(len(r) for r in runs[:3])
        rows: list[list[str]] = []
        numbers: list[int] = []
        row: list[int] = []
        end, after = len(cells), []
        for run in runs:
            if row and len(row) + len(run) > width:
                rows.append(_cells([cells[i][0] for i in row]))
                numbers.append(cells[row[0]][1])
                row = []
            for i in run:
                row.append(i)
                if len(row) < width:
                    continue
                last = cells[i][0]
                cut = next((k for k, t in enumerate(last) if t.startswith("\n")), None)
                if cut is not None:
                    after = [normalize_text(t) for t in last[cut:]]
                    cells[i] = (last[:cut], cells[i][1], cells[i][2])
                    end = i + 1
                rows.append(_cells([cells[k][0] for k in row]))
                numbers.append(cells[row[0]][1])
                row = []
                if cut is not None:
                    break
            if end < len(cells):
                break
        if row:
            rows.append(_cells([cells[i][0] for i in row]))
            numbers.append(cells[row[0]][1])
        yield before, rows, numbers
        before = [t for t in after if t]
        cells = cells[end:]


def _cells(row: list[list[str]]) -> list[str]:
    return [normalize_text("\n".join(t.lstrip("\n") for t in texts)) for texts in row]


def _title(above: list[str]) -> tuple[str, str]:
    """The table's title from the lines above it, and its attachment number ("1" for 附件1)."""
    parts: list[str] = []
    attachment = ""
    for line in reversed([a for a in above if a]):
        m = ATTACHMENT.match(line)
        if m:
            attachment = m.group(1)
            break
        if line.endswith("。") or len(line) > 40 or len(parts) == 3 or DATE_LINE.search(line) or not WORD.search(line):
            break
        if not FORM_LINE.search(line):
            parts.insert(0, line)
    return "".join(parts), attachment


# ---- clauses: the scoring words of one cell ----------------------------------------------


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
    c.label = c.own = _clean_label(rest)
    return c


def _clean_label(text: str) -> str:
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
            context.append(_clean_label(piece[: inner.start()]))
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


def levels_in(text: str) -> list[str]:
    """Every level a piece of wording names, in the order the engine lists levels."""
    lex = lexicon()
    masked = lex.level_masks.sub(lambda m: "□" * len(m.group()), text)
    found = [cues.level for cues in lex.levels if cues.strong.search(masked)]
    for word, level in LEVEL_WORDS.items():
        if word in masked and level not in found:
            found.append(level)
    order = [cues.level for cues in lex.levels]
    return sorted(set(found), key=order.index)


# ---- rule kinds from wording ---------------------------------------------------------------


@dataclass
class Guess:
    """A drafted rule and what a person must still decide about it."""

    rule: dict
    todos: list[str] = field(default_factory=list)


def guess_rule(text: str, maximum: float) -> Guess:
    """The rule an indicator's scoring wording most likely means, its maximum being `maximum`."""
    found = clauses(text)
    scored = [c for c in found if c.scored]
    if any(c.veto for c in found):
        return _outcome(found, maximum, veto=True)
    deducts = [c for c in scored if c.deduct is not None and not c.per]
    if any(c.full for c in scored) or (deducts and any(c.gain is not None for c in scored)):
        tiers = _level_tiers(scored, maximum)
        return tiers if tiers else _outcome(scored, maximum, veto=False)
    if deducts and len(deducts) == len(scored):
        return _deduction(deducts, maximum)
    per = [c for c in scored if c.per]
    if per:
        return _per_item(per, maximum)
    banded = [c for c in scored if c.above or c.below]
    if banded:
        return _with_rest(_count_bands(banded, maximum), text, maximum)
    gains = [c for c in scored if c.gain is not None]
    if len(gains) > 1:
        return _several(gains, text, maximum)
    if len(gains) == 1 and gains[0].gain < maximum:
        return _with_rest(Guess({"kind": "presence", "points": gains[0].gain}), text, maximum)
    if any(c.discretionary for c in found) or DISCRETION.search(text):
        return Guess({"kind": "discretionary", "min": 0})
    return Guess({"kind": "presence", "points": maximum})


def _outcome(found: list[Clause], maximum: float, *, veto: bool) -> Guess:
    """年检合格5分；不合格或不年检一票否决 — or mutually exclusive results ("配备齐全不扣分；未成立扣4分")."""
    outcomes: dict[str, float] = {}
    vetoed: list[str] = []
    named_by_wording = False
    todos: list[str] = []
    for c in found:
        points = maximum if c.full else c.gain if c.gain is not None else maximum - c.deduct if c.deduct is not None else 0
        if c.ambiguous:
            todos.append(f"“{c.raw}”措辞含糊（扣分还是得分？），暂按扣{num(c.deduct)}分计")
        text = c.raw
        for wrong, right in OUTCOME_SYNONYMS.items():
            text = text.replace(wrong, right)
        names = OUTCOME_WORDS.findall(text) or [c.label]
        named_by_wording |= not OUTCOME_WORDS.search(text)
        for name in names:
            outcomes.setdefault(name, max(0.0, min(points, maximum)) if not c.veto else 0.0)
            if c.veto:
                vetoed.append(name)
    if max(outcomes.values(), default=0) < maximum and "不合格" in outcomes:
        # "年检不合格一票否决" names only the failure: passing earns the maximum.
        outcomes = {"合格": maximum, **outcomes}
        todos.append(f"表中只写了不合格的后果，已补“合格”得{num(maximum)}分，请核对")
    rule: dict = {"kind": "outcome", "outcomes": outcomes}
    if vetoed:
        rule["veto"] = vetoed
    if any("年检" in c.raw for c in found):
        rule["subject"] = "年检"
    if named_by_wording:
        todos.append("结果名称取自表格措辞，请改为材料中会写的说法")
    if max(outcomes.values(), default=0) < maximum:
        todos.append(f"各结果最高{num(max(outcomes.values(), default=0))}分，未达满分{num(maximum)}分")
    return Guess(rule, todos)


def _deduction(deducts: list[Clause], maximum: float) -> Guess:
    """未按时换届扣2分 / 缺1项扣1分 / 每季度…少1次扣1分: deducted from the maximum."""
    amounts = {c.deduct for c in deducts}
    if not all(SHORTFALL.search(c.raw) for c in deducts):
        # Something that happened ("发生事故扣2分"), not something missing.
        return Guess({"kind": "penalty", "points": deducts[0].deduct})
    if len(amounts) > 1:
        parts = [
            {"id": f"p{i}", "label": c.label, "max": c.deduct,
             "rule": {"kind": "deduction", "per_missing": c.deduct, "expected": 1}}
            for i, c in enumerate(deducts, 1)
        ]
        return Guess({"kind": "parts", "parts": parts}, ["各项扣分不同，已按部分起草，请核对"])
    per = deducts[0].deduct
    expected = maximum / per if (maximum / per).is_integer() else len(deducts)
    todos = [f"“{c.raw}”措辞含糊（扣分还是得分？），暂按扣{num(c.deduct)}分计" for c in deducts if c.ambiguous]
    return Guess({"kind": "deduction", "per_missing": per, "expected": int(max(expected, len(deducts)))}, todos)


def _per_item(per: list[Clause], maximum: float) -> Guess:
    """5分/项 up to 10; several rates by level become tiers (市科协表彰1分/次、中国科协表彰2分/次)."""
    caps = [c.cap for c in per if c.cap is not None]
    cap = min([maximum, *caps])
    unit = per[0].per[1]
    todos = ["措辞含“酌情”，已按每项计分起草"] if any(c.discretionary for c in per) else []
    if len(per) == 1:
        rule = {"kind": "per_item", "points": per[0].per[0], "cap": cap, "unit": unit}
        return Guess(rule, todos)
    tiers, notes = _tiers(per, [c.per[0] for c in per])
    rule = {"kind": "tiered", "tiers": tiers, "cap": cap, "unit": unit}
    return Guess(rule, todos + notes)


def _count_bands(banded: list[Clause], maximum: float) -> Guess:
    """五次以上5分；五次以下2分 / ≥3次得3分 / 年度举办2期以上 (the maximum for reaching it)."""
    bands = []
    unit = "项"
    todos = []
    if sum(1 for c in banded if c.above and c.gain is None) > 1:
        # "发表5次以上…编发4期以上": two requirements, not two bands.
        todos.append("一句中有多个数量要求，只按第一个起草")
        first = next(c for c in banded if c.above)
        banded = [c for c in banded if c is first or c.gain is not None]
    for c in banded:
        points = c.gain if c.gain is not None else maximum
        if c.above:
            n, unit = c.above
            bands.append({"min": n, "points": points, "label": _band_label(c.raw, c.above)})
        elif c.below:
            unit = c.below[1]
            bands.append({"min": 1, "points": points, "label": _band_label(c.raw, c.below, below=True)})
    bands.sort(key=lambda b: -b["min"])
    if len({b["min"] for b in bands}) < len(bands):
        bands = [b for i, b in enumerate(bands) if b["min"] not in {x["min"] for x in bands[:i]}]
    return Guess({"kind": "count_bands", "bands": bands, "unit": unit}, todos)


def _band_label(raw: str, threshold: tuple[int, str], *, below: bool = False) -> str:
    for pattern in ((BELOW,) if below else ABOVE):
        if m := pattern.search(raw):
            return m.group()
    return f"{threshold[0]}{threshold[1]}{'以下' if below else '以上'}"


def _by_level(found: list[Clause], points: list[float]) -> list[dict] | None:
    """Tiers when each clause names levels no other clause names ("国际性…10分；全国或区域性…6分")."""
    levels = [levels_in(c.label) for c in found]
    named = [level for lv in levels for level in lv]
    if len(found) < 2 or not all(levels) or len(set(named)) < len(named):
        return None
    return [{"label": c.own or c.label, "levels": lv, "points": p} for c, lv, p in zip(found, levels, points)]


def _level_tiers(scored: list[Clause], maximum: float) -> Guess | None:
    """Level tiers capped at the maximum, from gains or from what is left after a deduction."""
    points = [maximum if c.full else c.gain if c.gain is not None else maximum - (c.deduct or 0) for c in scored]
    tiers = _by_level(scored, points)
    if tiers is None:
        return None
    rule: dict = {"kind": "tiered", "tiers": tiers, "cap": maximum, "unit": _unit(scored)}
    if max(t["points"] for t in tiers) >= maximum:
        # The best tier already gives the maximum: only the highest tier reached counts.
        rule["highest_only"] = True
    return Guess(rule)


def _several(gains: list[Clause], text: str, maximum: float) -> Guess:
    """Several scored clauses: tiers by level, tiers by outcome (被采纳4分；其他2分), or parts that add up."""
    tiered = _level_tiers(gains, maximum)
    if tiered:
        return tiered
    adopted = lexicon().adopted
    if any(adopted.search(c.raw) for c in gains) or any(OTHER_TIER.match(c.own) for c in gains):
        tiers, notes = _tiers(gains, [c.gain for c in gains])
        rule: dict = {"kind": "tiered", "tiers": tiers, "cap": maximum}
        total = sum(t["points"] for t in tiers)
        if max(t["points"] for t in tiers) >= maximum:
            rule["highest_only"] = True
        elif math.isclose(total, maximum):
            rule["once_per_tier"] = True
        return Guess(rule, notes)
    parts = [_part(i, c.label, single_rule(c, c.gain)) for i, c in enumerate(gains, 1)]
    guess = Guess({"kind": "parts", "parts": parts})
    total = sum(c.gain for c in gains)
    if total < maximum:
        return _with_rest(guess, text, maximum, have=total)
    if total > maximum:
        guess.todos.append(f"各部分合计{num(total)}分，超过满分{num(maximum)}分")
    return guess


def _tiers(found: list[Clause], points: list[float]) -> tuple[list[dict], list[str]]:
    """Tiers for clauses with different rates: by level when each names its own level;
    by the extractor's `adopted` tag for "被采纳…4分；其他2分"; else by the words that
    tell the clauses apart (市科协表彰 / 中国科协表彰), each tier with a tag of its own."""
    by_level = _by_level(found, points)
    if by_level:
        return by_level, []
    rest = [bool(OTHER_TIER.match(c.own)) for c in found]
    adopted = [bool(lexicon().adopted.search(c.raw)) and not r for c, r in zip(found, rest)]
    tiers: list[dict] = []
    if sum(adopted) == 1 and all(a or r for a, r in zip(adopted, rest)):
        for c, a, p in zip(found, adopted, points):
            tiers.append({"label": c.own or c.label, "tags": ["adopted"], "points": p} if a else
                         {"label": c.own, "rest": True, "points": p})
        return sorted(tiers, key=lambda t: t.get("rest", False)), ["“被采纳/批示”一档依赖抽取器标注 adopted，请核对"]
    words = [_distinguishing(c, [o for o in found if o is not c]) for c in found]
    for c, w, p, r in zip(found, words, points, rest):
        tiers.append({"label": c.own, "rest": True, "points": p} if r else
                     {"label": c.own or c.label, "tags": [], "keywords": w, "points": p})
    # The matcher takes the first tier whose keyword is in an item's evidence: the best first.
    tiers.sort(key=lambda t: (t.get("rest", False), -t["points"]))
    for i, tier in enumerate(t for t in tiers if "tags" in t):
        tier["tags"] = [f"tier{i + 1}"]
    return tiers, ["各档按措辞中的关键词区分（tags 为占位名），请核对关键词"]


def _distinguishing(clause: Clause, others: list[Clause]) -> list[str]:
    """Words of one tier's clause that the other tiers' clauses do not have."""
    text = clause.own or clause.label
    found, taken = [], text
    for word in sorted(ISSUERS, key=len, reverse=True):
        if word in taken:
            found.append(word)
            taken = taken.replace(word, "□")
    words = found or keywords(text)
    return [w for w in words if not any(w in (o.own or o.label) for o in others)] or words


def _with_rest(guess: Guess, text: str, maximum: float, have: float | None = None) -> Guess:
    """When the scored wording reaches less than the maximum, the rest is a part of its own.

    "组建科技志愿服务队伍并积极开展各类科普活动五次以上5分；五次以下2分" is worth
    7: the 2 left over belong to the words before "并", which name no points.
    """
    reach = have if have is not None else _reach(guess.rule)
    if reach >= maximum or math.isclose(reach, maximum):
        return guess
    rest = maximum - reach
    lead, _, tail = text.partition("并")
    if not tail or clauses(lead):
        lead, tail = "", text
    found = clauses(tail)
    name = _clean_label(_strip_counts(found[0].label)) if found else _clean_label(tail)
    label = _clean_label(lead) or "其余分值"
    parts = guess.rule["parts"] if guess.rule["kind"] == "parts" else [_part(1, name, guess.rule)]
    extra = _part(0, label, {"kind": "presence", "points": rest})
    parts = [extra, *parts] if lead else [*parts, extra]
    for i, part in enumerate(parts, 1):
        part["id"] = f"p{i}"
    todo = f"表中写明的给分合计{num(reach)}分，少于满分{num(maximum)}分；已将余下{num(rest)}分记为“{label}”，请核对"
    return Guess({"kind": "parts", "parts": parts}, [*guess.todos, todo])


def _strip_counts(text: str) -> str:
    for pattern in (*ABOVE, BELOW):
        text = pattern.sub("", text)
    return text


def _reach(rule: dict) -> float:
    kind = rule["kind"]
    if kind == "presence":
        return rule["points"]
    if kind == "count_bands":
        return max(b["points"] for b in rule["bands"])
    if kind == "parts":
        return sum(p.get("max") or _reach(p["rule"]) for p in rule["parts"])
    return rule.get("cap", math.inf)


def _part(index: int, label: str, rule: dict) -> dict:
    return {"id": f"p{index}", "label": label, "rule": rule}


def _unit(found: list[Clause]) -> str:
    text = "".join(c.raw for c in found)
    return "次" if re.search(r"会议|活动|讲座|培训|次", text) else "项"


def single_rule(c: Clause, points: float) -> dict:
    """The rule of one scored clause worth `points` ("开展技术服务（4分，2分/次）" → 2 per item up to 4)."""
    if c.per:
        return {"kind": "per_item", "points": c.per[0], "cap": points, "unit": c.per[1]}
    if c.above:
        return {"kind": "count_bands", "unit": c.above[1],
                "bands": [{"min": c.above[0], "points": points, "label": _band_label(c.raw, c.above)}]}
    if "年检" in c.raw and "合格" in c.raw:
        return {"kind": "outcome", "subject": "年检", "outcomes": {"合格": points, "不合格": 0, "未年检": 0}}
    return {"kind": "presence", "points": points}


def _describe(c: Clause, points: float) -> str:
    """A scored clause as a reviewer reads it: "承办…活动，每项5分，最高10分"."""
    if c.per:
        return f"{c.label}，每{c.per[1]}{num(c.per[0])}分，最高{num(points)}分"
    return f"{c.label}得{num(points)}分"


# ---- keywords ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tokenizer():
    """A private jieba tokenizer (as in extractors.nlp), so nothing leaks into the global dictionary."""
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def keywords(label: str, limit: int = 12) -> list[str]:
    """Words of an indicator that would show in a summary: quoted names first, then jieba tokens.

    Points, numbers and the words every notice uses (开展, 工作, 积极…) are left out.
    """
    quoted = re.findall(r"[“\"《]([^”\"》]{2,12})[”\"》]", label)
    words = list(quoted)
    plain = re.sub(r"\d+(?:\.\d+)?\s*分(?:/[次项个篇])?|[（(][^）)]*分[^）)]*[）)]", " ", label)
    for token in _tokenizer().lcut(plain):
        token = token.strip()
        if (
            len(token) >= 2
            and re.fullmatch(r"[\u4e00-\u9fff]+", token)
            and token not in STOP_WORDS
            and not COUNT_WORD.fullmatch(token)
            and not any(token in q for q in quoted)
        ):
            words.append(token)
    return list(dict.fromkeys(words))[:limit]


def activity_type(label: str) -> str | None:
    """The contract's activity type the wording speaks of, when its words say so clearly."""
    reading = read_type(label)
    return reading.type.value if reading.type != ActivityType.OTHER and reading.score >= 3 else None


COUNTING = {"per_item", "tiered", "count_bands"}


def draft_match(label: str, rule: dict) -> dict:
    """Keywords from the words; the activity type for rules that count events; statements for states."""
    match: dict = {}
    kind = activity_type(label)
    if kind and rule["kind"] in COUNTING | {"presence"}:
        match["types"] = [kind]
    if kind == ActivityType.ACADEMIC_CONFERENCE and rule["kind"] in ("per_item", "count_bands"):
        # A conference's scope (国际性、全国性) is a level the extractor reads; other
        # level words in an indicator name who decides (市领导签批), not the activity.
        match["levels"] = levels_in(label)
        if not match["levels"]:
            del match["levels"]
    words = ["年检", "年度检查"] if rule.get("subject") == "年检" else keywords(label)
    if words:
        match["keywords"] = words
    if rule["kind"] not in COUNTING and rule["kind"] != "outcome":
        match["statements"] = True
    if rule["kind"] == "penalty":
        match = {"keywords": words, "manual": True}
    return match


# ---- the table's hierarchy --------------------------------------------------------------------


@dataclass
class DraftIndicator:
    """A 三级指标 as read from its row, before it has an id."""

    label: str
    max: float | None
    rule_text: str
    # The row's line in a text, or page in a document: where a person checks the figure.
    line: int
    rule: dict = field(default_factory=dict)
    todos: list[str] = field(default_factory=list)
    # Entered by a reviewer (扣分项: summaries do not confess what went wrong).
    manual: bool = False


@dataclass
class DraftGroup:
    """A 二级指标; `points` when the table states them ("B1 组织机构 5分")."""

    name: str
    points: float | None = None
    indicators: list[DraftIndicator] = field(default_factory=list)


@dataclass
class DraftCategory:
    """A 一级指标, or the 加分项/扣分项 with their caps (`points` overall, `item_cap` each)."""

    name: str
    points: float | None
    role: str = "base"
    item_cap: float | None = None
    groups: list[DraftGroup] = field(default_factory=list)


@dataclass
class Label:
    """A category or group cell read apart: its name, stated points and numbering."""

    name: str
    points: float | None
    code: str
    ordinal: bool
    bracketed: bool


def read_label(cell: str) -> Label:
    """"A1 自身建设（15分）", "一、为科技工作者服务 (35分)", "B3意识形态工作5分", "思想建设"."""
    text = cell.replace("\n", "")
    code = ""
    if m := CODE.match(text):
        code, text = m.group(1), text[m.end() :]
    ordinal = bool(ORDINAL.match(text))
    text = ORDINAL.sub("", text)
    points, bracketed = None, False
    if m := LABEL_POINTS.search(text):
        points, bracketed, text = float(m.group(2)), bool(m.group(1)), text[: m.start()]
    return Label(re.sub(r"\s+", "", text).strip("：:"), points, code, ordinal, bracketed)


def _is_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(len(c) <= 14 and any(w in c for w in HEADER_WORDS) for c in filled)


def _answer_columns(header_rows: list[list[str]], width: int) -> set[int]:
    """Columns a society fills in (自评分, 完成情况, 备注); short header rows are merged at the left."""
    columns: set[int] = set()
    for row in header_rows:
        offset = width - len(row)
        for i, cell in enumerate(row):
            if cell and any(w in cell for w in ANSWER_COLUMNS):
                columns.add(i + offset)
    return columns


@dataclass
class TableDraft:
    """The hierarchy read from one table, before ids and YAML."""

    categories: list[DraftCategory]
    stated_total: float | None


def read_table(table: SourceTable) -> TableDraft:
    """Categories, groups and indicators of a self-evaluation table."""
    headers = [r for r in table.rows[:4] if _is_header(r)]
    width = max((len(r) for r in table.rows), default=0)
    answers = _answer_columns(headers, width) if table.exact else set()
    has_max = any(any("分值" in c or "分数" in c for c in r) for r in headers)
    has_rule = any(any("评分标准" in c or "评分细则" in c for c in r) for r in headers)
    reader = _RowReader(has_max, has_rule)
    for row, line in zip(table.rows, table.lines):
        if row in headers:
            continue
        cells = [c for i, c in enumerate(row) if c and c.strip("　 /") and i not in answers]
        if cells:
            reader.read(cells, line)
    return TableDraft(reader.categories, reader.total)


class _RowReader:
    """Reads rows in order, remembering the current category and group (merged cells read empty)."""

    def __init__(self, has_max: bool, has_rule: bool):
        self.has_max = has_max
        self.has_rule = has_rule
        self.categories: list[DraftCategory] = []
        self.total: float | None = None
        # The code letter of 一级指标 ("A" in A1…A4), once seen: B1… are then groups.
        self.category_letter = ""
        # After the "加、扣分项" row: its caps, and the bonus and deduction categories made so far.
        self.adjust: DraftCategory | None = None
        self.adjust_kinds: dict[str, DraftCategory] = {}
        self.last_group_set: DraftGroup | None = None

    def read(self, cells: list[str], line: int) -> None:
        first = re.sub(r"\s+", "", cells[0])
        if first in TOTAL_WORDS or first.startswith(("合计", "总计")):
            points = [POINTS_CELL.match(c) for c in cells[1:]]
            self.total = next((float(m.group(1)) for m in points if m), self.total)
            return
        if first.startswith(("备注", "注：", "注:")):
            return
        if ADJUSTMENTS.match(first):
            self._open_adjustments(first)
            return
        if self.adjust is not None:
            self._adjustment(cells, line)
            return
        if not self.has_max:
            self._item(cells[0], line)
            return
        self._row(cells, line)

    # -- tables with a 分值 column --

    def _row(self, cells: list[str], line: int) -> None:
        if SEQUENCE_CELL.match(cells[0]) and len(cells) > 1 and not POINTS_CELL.match(cells[1]):
            cells = cells[1:]
        at = next((i for i, c in enumerate(cells) if i and POINTS_CELL.match(c)), None)
        if at is None:
            self._row_without_points(cells, line)
            return
        texts, maximum, after = cells[:at], float(POINTS_CELL.match(cells[at]).group(1)), cells[at + 1 :]
        labels, text = [read_label(t) for t in texts[:-1]], texts[-1]
        self._place(labels)
        rule_text = "\n".join(after) if self.has_rule and after else ""
        self._add(DraftIndicator(label=text.replace("\n", ""), max=maximum, rule_text=rule_text, line=line))

    def _row_without_points(self, cells: list[str], line: int) -> None:
        labels = [read_label(c) for c in cells]
        if len(cells) == 1 and len(cells[0]) <= 8 and self.last_group_set is not None:
            # A group name split over two lines by the flattening ("规范学术" / "行为").
            self.last_group_set.name += labels[0].name
            return
        if all(len(c) <= 20 for c in cells):
            self._place(labels)
            return
        self._place(labels[:-1])
        self._add(DraftIndicator(label=cells[-1].replace("\n", ""), max=None, rule_text="", line=line))

    def _place(self, labels: list[Label]) -> None:
        """Set category and group from a row's label cells (none: both carry on from the row above)."""
        self.last_group_set = None
        if not labels:
            return
        if len(labels) >= 2 or self._is_category(labels[0]):
            self._new_category(labels[0])
            labels = labels[1:]
        if labels:
            self._new_group(labels[-1])

    def _is_category(self, label: Label) -> bool:
        if label.code:
            return not self.category_letter or label.code == self.category_letter
        return label.ordinal or label.bracketed

    def _new_category(self, label: Label) -> None:
        self.category_letter = self.category_letter or label.code
        self.categories.append(DraftCategory(label.name, label.points))

    def _new_group(self, label: Label) -> None:
        if not self.categories:
            self.categories.append(DraftCategory("", None))
        group = DraftGroup(label.name, label.points)
        self.categories[-1].groups.append(group)
        self.last_group_set = group

    def _add(self, indicator: DraftIndicator) -> None:
        if not self.categories:
            self.categories.append(DraftCategory("", None))
        category = self.categories[-1]
        if not category.groups:
            category.groups.append(DraftGroup(category.name))
        category.groups[-1].indicators.append(indicator)

    # -- tables whose points are written in the text (numbered items) --

    def _item(self, text: str, line: int) -> None:
        """"2.为创新驱动发展服务，承办…（10分，5分/项），承接…（6分，3分/项）": one category per item."""
        body = ITEM_NUMBER.sub("", text.replace("\n", ""))
        found = [c for c in clauses(body) if c.gain is not None or c.cap is not None]
        head = split_top(body)[0]
        name = _clean_label(re.sub(r"[（(][^）)]*分[^）)]*[）)]", "", head))
        category = DraftCategory(name, None)
        group = DraftGroup(name)
        category.groups.append(group)
        self.categories.append(category)
        if not found:
            group.indicators.append(DraftIndicator(_clean_label(body), None, "", line))
            return
        for c in found:
            if len(found) == 1:
                c.label = _clean_label(re.sub(r"[（(][^）)]*\d+分[^）)]*[）)]", "", body))
            else:
                c.label = c.label.removeprefix(name).lstrip("，") or c.label
            points = c.gain if c.gain is not None else c.cap
            rule = single_rule(c, points)
            group.indicators.append(DraftIndicator(c.label, points, _describe(c, points), line, rule=rule))

    # -- 加分项 / 扣分项 --

    def _open_adjustments(self, text: str) -> None:
        item_cap = re.search(r"每项加分不超过(\d+(?:\.\d+)?)分", text)
        overall = re.search(r"(?:加减|合计|总计)[^，；。]*?不超过(\d+(?:\.\d+)?)分", text)
        self.adjust = DraftCategory("", float(overall.group(1)) if overall else None,
                                    item_cap=float(item_cap.group(1)) if item_cap else None)

    def _adjustment(self, cells: list[str], line: int) -> None:
        text = ITEM_NUMBER.sub("", cells[0].replace("\n", "")).rstrip("；;。")
        found = [c for c in clauses(text) if c.scored]
        if not found:
            return
        role = "deduction" if any(c.sign == "扣" or c.deduct is not None for c in found) else "bonus"
        if role not in self.adjust_kinds:
            category = DraftCategory("加分项" if role == "bonus" else "扣分项", self.adjust.points, role=role,
                                     item_cap=self.adjust.item_cap if role == "bonus" else None)
            category.groups.append(DraftGroup(category.name))
            self.adjust_kinds[role] = category
            self.categories.append(category)
        category = self.adjust_kinds[role]
        label = _clean_label(re.sub(r"[（(][^）)]*分[^）)]*[）)]", "", text))
        indicator = DraftIndicator(label, None, text, line)
        indicator.rule, indicator.max, indicator.todos = _adjustment_rule(found, category)
        indicator.manual = role == "deduction"
        category.groups[0].indicators.append(indicator)


def _adjustment_rule(found: list[Clause], category: DraftCategory) -> tuple[dict, float, list[str]]:
    """Rule and maximum of a 加分/扣分 item ("获得市科协表彰（加1分/次）、中国科协表彰（加2分/次）").

    The item's maximum is the per-item cap (每项加分不超过3分), else the group's;
    an item worth more than the cap (加5分/项) is clipped to it, as the notice says.
    """
    cap = category.item_cap or category.points or max(c.points or c.deduct or 0 for c in found)
    amounts = [c.points if c.points is not None else c.deduct for c in found]
    if len(found) > 1:
        tiers, todos = _tiers(found, amounts)
        unit = found[0].per[1] if found[0].per else "项"
        return {"kind": "tiered", "tiers": tiers, "cap": cap, "unit": unit}, cap, todos
    c = found[0]
    if c.per:
        return {"kind": "per_item", "points": amounts[0], "cap": cap, "unit": c.per[1]}, cap, []
    return {"kind": "presence", "points": amounts[0]}, min(amounts[0], cap), []


# ---- the whole draft -------------------------------------------------------------------------


@dataclass
class Marks:
    """The comments a draft carries, by place in the rubric (a path of keys and list
    indices; `()` is the draft as a whole): TODOs, and where each indicator's row is."""

    unit: str
    todos: dict[tuple, list[str]] = field(default_factory=dict)
    sources: dict[tuple, str] = field(default_factory=dict)

    def todo(self, where: tuple, text: str) -> None:
        self.todos.setdefault(where, []).append(text)


@dataclass
class Draft:
    """A drafted rubric: the data, the table it came from, and what a person must still do."""

    rubric: dict
    table: SourceTable
    marks: Marks

    @property
    def todos(self) -> dict[tuple, list[str]]:
        return self.marks.todos

    def yaml(self) -> str:
        return render_yaml(self)

    def todo_count(self) -> int:
        return sum(len(t) for t in self.todos.values())


def draft_from_text(text: str) -> list[Draft]:
    """A draft per scoring table in a notice's text (tables flattened as the seeds are)."""
    return draft_tables(tables_from_text(text), text)


def draft_from_document(doc: Document) -> list[Draft]:
    """A draft per scoring table in a parsed Word, PDF or Excel notice."""
    return draft_tables(tables_from_document(doc), doc.text)


def draft_tables(tables: list[SourceTable], notice: str) -> list[Draft]:
    """Drafts for the tables that score (a 分值 column or points in the text); other tables are skipped."""
    notice = normalize_text(notice)
    drafts = []
    for table in tables:
        read = read_table(table)
        if sum(1 for c in read.categories for g in c.groups for i in g.indicators if i.max) >= 2:
            drafts.append(_draft(table, read, notice))
    return drafts


def _draft(table: SourceTable, read: TableDraft, notice: str) -> Draft:
    marks = Marks(table.unit)
    title = table.title or "评分表"
    year = _year(title) or _year(notice)
    region = next((r for r in REGIONS if r[0] in notice[:400] or r[0] in title), None)
    kind = next((k for word, k in UNIT_KINDS if word in title), "society")
    prefix = f"{region[2] if region else 'x'}{str(year or 0)[-2:]}"

    base = [c for c in read.categories if c.role == "base"]
    _merge_split_groups(base, marks)
    total = read.stated_total or _stated_total(notice) or sum(_points(c) for c in base)
    _fill_missing_maxima(base, total)
    used: set[str] = set()
    categories = [_category(c, ci, _category_id(c, ci, used), prefix, marks) for ci, c in enumerate(read.categories)]
    base_total = sum(c["points"] for c in categories if "role" not in c)
    if not math.isclose(base_total, total):
        marks.todo(("max_total",), f"表中合计{num(total)}分，各一级指标合计{num(base_total)}分，请核对")

    rubric: dict = {
        "id": f"{region[1] if region else 'draft'}-{year or 'yyyy'}-{kind}",
        "title": title,
        "year": year or 0,
        "body": _body(notice) or "",
        "source": _source(notice, table.attachment or _attachment(notice, title)),
        "max_total": total,
    }
    marks.todo(("id",), "编号按地区、年度、对象类型起草，须与文件名一致，请核对")
    if not year:
        marks.todo(("year",), "未能从标题读出年度，请填写")
    if not rubric["body"]:
        marks.todo(("body",), "未能读出发文单位，请填写")
    if deadline := _deadline(notice, year):
        rubric["deadline"] = deadline
    if re.search(r"12月份?拟开展的工作.{0,20}证明", notice):
        rubric["december_evidence"] = True
    rubric["categories"] = categories
    if conditions := _conditions(notice):
        rubric["conditions"] = conditions
        for i in range(len(conditions)):
            marks.todo(("conditions", i), "按通知措辞起草，请核对触发方式与等次")
    if weighted := _weighting(notice, table.attachment):
        # The schema's composition needs the other terms' sources, which the wording rarely settles.
        marks.todo((), f"通知写明“{weighted}”，请按需补写 composition（加权合成与评审录入的分项）")
    rubric["grading"] = _grading(notice, marks)
    return Draft(_tidy(rubric), table, marks)


def _points(category: DraftCategory) -> float:
    if category.points is not None:
        return category.points
    return sum(i.max or 0 for g in category.groups for i in g.indicators)


def _category(category: DraftCategory, index: int, cid: str, prefix: str, marks: Marks) -> dict:
    """One category as rubric data, its arithmetic checked against the points the table states."""
    where = ("categories", index)
    summed = sum(i.max or 0 for g in category.groups for i in g.indicators)
    if category.role == "base" and category.points is not None and not math.isclose(summed, category.points):
        marks.todo(where, f"一级指标“{category.name}”标明{num(category.points)}分，其下指标满分合计{num(summed)}分，请核对")
    if not category.name:
        marks.todo(where, "表中没有一级指标名称，请补上")
    entry: dict = {"id": cid, "name": category.name or f"一级指标{index + 1}", "points": _points(category)}
    if category.role != "base":
        entry["role"] = category.role
        if category.item_cap is not None:
            entry["item_cap"] = category.item_cap
    entry["groups"] = []
    number = 0
    for gi, group in enumerate(category.groups):
        group_sum = sum(i.max or 0 for i in group.indicators)
        if group.points is not None and not math.isclose(group_sum, group.points):
            marks.todo((*where, "groups", gi),
                       f"二级指标“{group.name}”标明{num(group.points)}分，其下指标合计{num(group_sum)}分，请核对")
        indicators = []
        for ii, ind in enumerate(group.indicators):
            number += 1
            indicators.append(_indicator(ind, f"{prefix}.{cid}.{number}"))
            at = (*where, "groups", gi, "indicators", ii)
            marks.sources[at] = f"原文第{ind.line}{marks.unit}"
            for todo in ind.todos:
                marks.todo(at, todo)
        entry["groups"].append({"name": group.name or category.name, "indicators": indicators})
    return entry


def _tidy(value):
    """Whole numbers as the tables write them (5, not 5.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _indicator(ind: DraftIndicator, indicator_id: str) -> dict:
    maximum = ind.max or 0
    if not ind.rule:
        wording = ind.rule_text or ind.label
        guess = guess_rule(wording, maximum)
        ind.rule = guess.rule
        ind.todos.extend(guess.todos)
    rule = ind.rule
    if rule["kind"] == "parts":
        for part in rule["parts"]:
            part["match"] = draft_match(part["label"], part["rule"])
            if part["rule"]["kind"] in ("deduction", "discretionary") and "max" not in part:
                part["max"] = _reach(part["rule"])
    entry: dict = {"id": indicator_id, "label": ind.label, "max": maximum, "rule": rule}
    entry["rule_text"] = _rule_text(ind, maximum)
    if ind.manual:
        entry["match"] = {"manual": True}
    elif rule["kind"] != "parts":
        entry["match"] = draft_match(ind.label, rule)
    return entry


def _rule_text(ind: DraftIndicator, maximum: float) -> str:
    wording = (ind.rule_text or "").replace("\n", "；")
    wording = re.sub(r"[；;]{2,}", "；", wording).strip("；;")
    if wording:
        return wording
    if re.search(r"\d分|扣|赋分|否决|以上", ind.label):
        return ind.label
    return f"有相关工作得{num(maximum)}分"


def _merge_split_groups(categories: list[DraftCategory], marks: Marks) -> None:
    """Two one- or two-character groups in a row are one name the flattening split ("促进" / "转化")."""
    for category in categories:
        merged: list[DraftGroup] = []
        for group in category.groups:
            prev = merged[-1] if merged else None
            if prev and len(prev.name) <= 2 and len(group.name) <= 2 and prev.points is None and group.name:
                marks.todo((), f"二级指标“{prev.name}”“{group.name}”疑为跨行拆开的同一名称，已合并为“{prev.name + group.name}”")
                prev.name += group.name
                prev.indicators.extend(group.indicators)
                continue
            merged.append(group)
        category.groups = merged


def _fill_missing_maxima(categories: list[DraftCategory], total: float) -> None:
    """An indicator without points gets what its category (or the table's total) leaves over, marked TODO."""
    for category in categories:
        missing = [i for g in category.groups for i in g.indicators if not i.max]
        if not missing:
            continue
        if category.points is not None:
            known = sum(i.max or 0 for g in category.groups for i in g.indicators)
            left, scope = category.points - known, f"一级指标“{category.name}”的{num(category.points)}分"
        else:
            known = sum(i.max or 0 for c in categories for g in c.groups for i in g.indicators)
            left, scope = total - known, f"总分{num(total)}分"
        share = left / len(missing) if left > 0 else 0
        for ind in missing:
            ind.max = share
            ind.todos.append(f"表中未写分值，按{scope}减去其余指标推算为{num(share)}分，请核对")


def _category_id(category: DraftCategory, index: int, used: set[str]) -> str:
    """An English id from the category's words (党建 → party), unique in the rubric; c1, c2… otherwise."""
    base = {"bonus": "bonus", "deduction": "deductions"}.get(category.role) or next(
        (cid for word, cid in CATEGORY_IDS if word in category.name), None)
    cid = base or f"c{index + 1}"
    n = 2
    while cid in used:
        cid = f"{base or 'c'}{n}"
        n += 1
    used.add(cid)
    return cid


# ---- facts from the notice around the table -------------------------------------------------------


def _year(text: str) -> int | None:
    m = re.search(r"(20\d{2})\s*年度", text) or re.search(r"(20\d{2})\s*年", text)
    return int(m.group(1)) if m else None


def _body(notice: str) -> str | None:
    m = re.search(r"[\u4e00-\u9fff]{2,8}?(?:省|市|自治区)?科学技术协会", notice[:600])
    return m.group() if m else None


def _source(notice: str, attachment: str) -> str:
    m = re.search(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d+号", notice)
    number = m.group() if m else ""
    return " ".join(p for p in (number, f"附件{attachment}" if attachment else "") if p)


def _attachment(notice: str, title: str) -> str:
    """The attachment number the notice gives the table ("附件1.江西省科协2021年度学会工作考核自评表")."""
    m = re.search(r"附件\s*(\d+)\s*[.．、:：]?\s*" + re.escape(title), notice)
    return m.group(1) if m else ""


def _stated_total(notice: str) -> float | None:
    m = re.search(r"(?:总分值|分值为|满分为?)\s*(\d+)\s*分", notice)
    return float(m.group(1)) if m else None


def _weighting(notice: str, attachment: str) -> str | None:
    """The sentence that weights this table into a total ("分数统计后按70%权重计入总分"), if the notice has one."""
    for m in re.finditer(r"[^。\n]*权重[^。\n]*。[^。\n]{0,40}?附件\s*(\d+)", notice):
        if m.group(1) == attachment:
            return re.search(r"[^。，；\n]*权重[^。，；\n]*", m.group()).group()
    return None


def _deadline(notice: str, year: int | None) -> date | None:
    m = re.search(r"(?:(20\d{2})年)?(\d{1,2})月(\d{1,2})日[^，。；]{0,8}?(?:之前|以前|前)", notice)
    if not m:
        return None
    y = int(m.group(1)) if m.group(1) else year
    try:
        return date(y, int(m.group(2)), int(m.group(3))) if y else None
    except ValueError:
        return None


GRADE_LIST = r"((?:[\u4e00-\u9fff]{1,3}[、，和及]){1,6}[\u4e00-\u9fff]{1,3}?)"
GRADES = (
    # "分别确定为优秀、良好、合格、不合格4个等次"
    re.compile(r"(?:确定为|分为|评定为|划分为)" + GRADE_LIST + r"(?:\s*\d+\s*个|[二三四五六]个)?等次"),
    # "考核等次分为特等、一等、二等。"
    re.compile(r"等次(?:分为|为|确定为)" + GRADE_LIST + r"[。；\n]"),
)


def _grades(notice: str) -> list[str]:
    """The grades a notice names, best first."""
    for pattern in GRADES:
        if m := pattern.search(notice):
            return [g for g in re.split(r"[、，和及]", m.group(1)) if g]
    return []


GRADE_LINES = (
    # "90分以上为优秀", "总分75分及以上的评为良好"
    re.compile(r"(\d+)分(?:及|或)?以上(?:的)?(?:为|评为|定为)([\u4e00-\u9fff]{1,3})"),
    # "60—74分为合格"
    re.compile(r"(\d+)\s*[-—–~～至到]\s*\d+分(?:的)?(?:为|评为|定为)([\u4e00-\u9fff]{1,3})"),
)
LOWEST_GRADE = re.compile(r"(?:\d+分以下|低于\d+分|不足\d+分)(?:的)?(?:为|评为|定为)([\u4e00-\u9fff]{1,3})")


def _grading(notice: str, marks: Marks) -> dict:
    """Grades and their score lines as the notice states them; missing lines are a TODO, never guessed."""
    grades = _grades(notice)
    if not grades:
        return {"method": "none", "veto_grade": None}
    lines = {g: float(n) for pattern in GRADE_LINES for n, g in pattern.findall(notice) if g in grades}
    lines.update({g: 0.0 for g in LOWEST_GRADE.findall(notice) if g in grades and g not in lines})
    bands = [{"grade": g, "min": m} for g, m in sorted(lines.items(), key=lambda x: -x[1])]
    rank = bool(re.search(r"从高到低|按[^，。]{0,6}排名|排序确定|等次比例|比例不超过", notice))
    grading: dict = {"method": "rank" if rank else "threshold", "bands": bands}
    grading["veto_grade"] = "不合格" if "不合格" in grades else None
    if len(bands) < len(grades):
        missing = "、".join(g for g in grades if g not in lines)
        marks.todo(("grading",), f"通知列出等次{'、'.join(grades)}，未给出{missing}的分数线，请填写 bands（或排名比例 shares）")
    return grading


def _conditions(notice: str) -> list[dict]:
    """Grade rules in the notice that no indicator scores (不按时提供材料为不合格；出现扣分项不能评为特等)."""
    found = []
    if m := re.search(r"不按时[^。；]{0,20}?为([\u4e00-\u9fff]{2,3})等次", notice):
        found.append({"id": "late", "label": m.group(0), "trigger": "late", "grade": m.group(1)})
    if m := re.search(r"出现扣分项的单位不能评为([\u4e00-\u9fff]{1,3}?)奖?[。；\n]", notice):
        found.append({"id": "deducted", "label": m.group(0).rstrip("。；\n"), "trigger": "deductions",
                      "bar": [m.group(1).removesuffix("奖")]})
    if m := re.search(r"[^。\n]*有事法则[^。\n]*", notice):
        label = re.sub(r"^(?:注[：:])?\s*\d*[.．、]?", "", m.group()).strip()
        bars = [g.removesuffix("奖") for g in re.findall(r"“([\u4e00-\u9fff]{1,3}奖?)”", label) if "奖" in g]
        if bars:
            found.append({"id": "incident_bar", "label": label, "bar": bars})
        if "不予考核" in label:
            found.append({"id": "incident_exclude", "label": label, "exclude": True})
    return found


# ---- YAML with comments ----------------------------------------------------------------------------

# Lists whose entries read best one per line ("- {min: 5, points: 5, label: 五次以上}").
FLOW_ENTRIES = {"tiers", "bands", "conditions"}


def render_yaml(draft: Draft) -> str:
    """The draft as a rubric file laid out like the bundled ones, each TODO as a comment above its place."""
    lines = [
        f"# 草稿：由 kaohe rubric import 从“{draft.table.title or '评分表'}”起草，须人工核对后使用。",
        f"# 待办 {draft.todo_count()} 处，标为 TODO；改完后用 kaohe rubric check 校验。",
        "# match.keywords 取自指标措辞（jieba 分词，去掉常用词），types 按措辞猜测；同时写 types 和",
        "# keywords 时，活动须类型相符且含关键词之一，计次的指标可考虑删去 keywords。",
        "# 没有给分措辞的指标按“有材料即得满分”（presence）起草；通知若要求按实效酌情打分，改为 discretionary。",
        *(f"# TODO: {t}" for t in draft.todos.get((), [])),
        "",
    ]
    _emit(draft.rubric, (), 0, lines, draft.marks)
    return "\n".join(lines) + "\n"


def _flow(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10**9).strip()


def _scalar(value) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, width=10**9).strip()
    return text.removesuffix("...").strip()


def _comments(marks: Marks, at: tuple, pad: str) -> list[str]:
    source = [f"{pad}# {marks.sources[at]}"] if at in marks.sources else []
    return source + [f"{pad}# TODO: {t}" for t in marks.todos.get(at, [])]


def _emit(value: dict, where: tuple, indent: int, lines: list[str], marks: Marks) -> None:
    pad = " " * indent
    for key, item in value.items():
        at = (*where, key)
        lines.extend(_comments(marks, at, pad))
        if isinstance(item, dict) and (key == "outcomes" or not any(isinstance(v, (dict, list)) for v in item.values())):
            lines.append(f"{pad}{key}: {_flow(item)}")
        elif isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            _emit(item, at, indent + 2, lines, marks)
        elif isinstance(item, list) and any(isinstance(x, dict) for x in item):
            lines.append(f"{pad}{key}:")
            for i, entry in enumerate(item):
                lines.extend(_comments(marks, (*at, i), f"{pad}  "))
                if key in FLOW_ENTRIES:
                    lines.append(f"{pad}  - {_flow(entry)}")
                    continue
                sub: list[str] = []
                _emit(entry, (*at, i), indent + 4, sub, marks)
                first = next(k for k, line in enumerate(sub) if not line.lstrip().startswith("#"))
                sub[first] = f"{pad}  - {sub[first].lstrip()}"
                lines.extend(sub)
        else:
            lines.append(f"{pad}{key}: {_flow(item) if isinstance(item, list) else _scalar(item)}")
