"""Load rubric files and refuse inconsistent ones, saying where and why.

A rubric's arithmetic must hold before anything is scored by it: a category's
points are the sum of its indicators' maxima, the categories add up to the
total, and every rule can reach (and not exceed) its indicator's maximum. A
mistake is reported with the file name, the line (from the YAML node marks)
and a reason in Chinese, because the people who write rubric files read the
notices, not the code.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rubrics.engine import part_max, rule_max
from core.vocabulary import LEVEL_LABELS, TYPE_LABELS
from rubrics.explain import num
from rubrics.grading import grade_order
from rubrics.schema import (
    Category,
    CountBandsRule,
    DeductionRule,
    DiscretionaryRule,
    Match,
    OutcomeRule,
    PartsRule,
    PenaltyRule,
    PerItemRule,
    PresenceRule,
    Rubric,
    Rule,
    TieredRule,
)

DATA = Path(__file__).parent / "data"
# Rubrics in use: their rules are frozen (a new year or version is a new file).
RELEASED = Path(__file__).parent / "released.yaml"
# Parts of a rubric that help find and check materials but do not decide a score.
NOT_SCORED = frozenset({"match", "materials"})

Where = tuple[str | int, ...]
# Each thing wrong in a rubric: where in the file, and why, in Chinese.
Problems = Iterator[tuple[Where, str]]


class RubricError(ValueError):
    """A rubric that cannot be used: `problems` are (line or None, reason in Chinese)."""

    def __init__(self, file: str, problems: list[tuple[int | None, str]]):
        self.file = file
        self.problems = problems
        super().__init__("\n".join(f"{file}{f' 第{line}行' if line else ''}：{reason}" for line, reason in problems))


# ---- public -----------------------------------------------------------------


def list_rubrics() -> list[Rubric]:
    """Every bundled rubric, by id."""
    return [_load_bundled(p) for p in _bundled().values()]


def load_rubric(rubric_id: str) -> Rubric:
    """The bundled rubric `rubric_id` (its file name); an unknown id lists the known ones."""
    return _load_bundled(_bundled_path(rubric_id))


def rubric_sha256(rubric_id: str) -> str:
    """sha256 of the rubric file's bytes: a score sheet names the exact table it used."""
    return hashlib.sha256(_bundled_path(rubric_id).read_bytes()).hexdigest()


def rules_sha256(rubric: Rubric) -> str:
    """sha256 of what decides a score (rules, maxima, grading), without the matching hints.

    Keywords that help find evidence may be tuned after a rubric is in use;
    what it scores may not, so this is the hash a released rubric is held to.
    """
    data = _without(rubric.model_dump(mode="json"), NOT_SCORED)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def released_rules() -> dict[str, str]:
    """Rubric id → `rules_sha256` of every rubric released for scoring (`released.yaml`)."""
    return yaml.safe_load(RELEASED.read_text(encoding="utf-8")) or {}


def load_rubric_file(path: str | Path) -> Rubric:
    """Parse and validate one rubric file (any location)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RubricError(path.name, [(None, f"无法读取文件（{error.strerror}）")]) from error
    return parse_rubric(data, path.name)


def parse_rubric(data: bytes, name: str) -> Rubric:
    """Validate rubric YAML bytes; `name` is the file name used in messages."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RubricError(name, [(None, "文件不是 UTF-8 编码")]) from error
    root, raw = _compose(text, name)
    duplicates = list(_duplicate_keys(root))
    if duplicates:
        raise RubricError(name, duplicates)
    if not isinstance(raw, dict):
        raise RubricError(name, [(_line(root), "文件内容应为一个映射（id、title、categories …）")])
    try:
        rubric = Rubric.model_validate(raw)
    except ValidationError as error:
        raise RubricError(name, [(_line(_node_at(root, e["loc"])), _pydantic_reason(e)) for e in error.errors()]) from None
    problems = [(_line(_node_at(root, where)), reason) for where, reason in _check(rubric)]
    if problems:
        raise RubricError(name, problems)
    rubric._sha256 = hashlib.sha256(data).hexdigest()
    return rubric


def _without(value: Any, keys: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_without(v, keys) for v in value]
    return value


# ---- bundled files ------------------------------------------------------------


def _bundled() -> dict[str, Path]:
    return {p.stem: p for p in sorted(DATA.glob("*.yaml"))}


def _bundled_path(rubric_id: str) -> Path:
    files = _bundled()
    if rubric_id not in files:
        known = "、".join(files) or "（无）"
        raise RubricError(f"{rubric_id}.yaml", [(None, f"没有编号为“{rubric_id}”的评分表，现有：{known}")])
    return files[rubric_id]


def _load_bundled(path: Path) -> Rubric:
    # A batch scores hundreds of submissions against one rubric: parse its file once per version.
    return _load_bundled_version(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _load_bundled_version(path: Path, mtime_ns: int) -> Rubric:
    rubric = load_rubric_file(path)
    if rubric.id != path.stem:
        # load_rubric finds a rubric by its file name, so the two must agree.
        raise RubricError(path.name, [(None, f"评分表编号“{rubric.id}”与文件名“{path.stem}”不一致")])
    return rubric


# ---- YAML with positions --------------------------------------------------------

# libyaml reads the bundled rubrics about six times faster (`kaohe rubrics` reads all of them at start-up);
# PyYAML wheels include it, the pure-Python parser stands in where it is missing.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, name: str) -> tuple[Node | None, object]:
    """The node tree (for line numbers) and the plain data built from it."""
    loader = _SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise RubricError(name, [(line, f"YAML 格式错误：{error.problem or error.context}")]) from None
    except yaml.YAMLError as error:
        raise RubricError(name, [(None, f"YAML 格式错误：{error}")]) from None
    finally:
        loader.dispose()


def _duplicate_keys(node: Node | None) -> Iterator[tuple[int | None, str]]:
    """PyYAML keeps the last of two equal keys silently; a rubric must not."""
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen:
                    yield _line(key), f"字段“{key.value}”重复出现"
                seen.add(key.value)
            yield from _duplicate_keys(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def _node_at(root: Node | None, where: Where) -> Node | None:
    """The deepest node on the path (keys and list indices).

    A path step that is not in the file (pydantic's union tag "presence", or a
    missing field) is skipped, so the error points at the nearest enclosing node.
    """
    node = root
    for step in where:
        if isinstance(node, MappingNode) and isinstance(step, str):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == step), node)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
    return node


def _line(node: Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _pydantic_reason(error: ErrorDetails) -> str:
    """pydantic's message, for the common cases in Chinese."""
    fields = [s for s in error["loc"] if isinstance(s, str)]
    field = fields[-1] if fields else ""
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "missing":
        return f"缺少字段“{field}”"
    if kind == "extra_forbidden":
        return f"未知字段“{field}”（可能拼写有误）"
    if kind == "union_tag_invalid":
        return f"未知的规则类型“{ctx.get('tag')}”（可选：{ctx.get('expected_tags')}）"
    if kind == "union_tag_not_found":
        return "规则缺少 kind 字段"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return f"字段“{field}”应为数字，实为“{error.get('input')}”"
    if kind in {"list_type", "dict_type", "string_type", "bool_type", "bool_parsing"}:
        return f"字段“{field}”的类型不对（{error['msg']}）"
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}:
        return f"字段“{field}”应为日期（如 2021-11-30）"
    return f"字段“{field}”取值不合法（{error['msg']}）"


# ---- the rubric's arithmetic ------------------------------------------------------


def _check(rubric: Rubric) -> Problems:
    """Yield (path in the file, reason) for everything inconsistent."""
    yield from _check_ids(rubric)
    yield from _check_materials(rubric)
    total = 0.0
    for ci, category in enumerate(rubric.categories):
        at = ("categories", ci)
        indicators = [(gi, ii, ind) for gi, g in enumerate(category.groups) for ii, ind in enumerate(g.indicators)]
        if category.role == "base":
            summed = sum(ind.max for _, _, ind in indicators)
            if not math.isclose(summed, category.points):
                yield (*at, "points"), (
                    f"一级指标“{category.name}”分值{num(category.points)}分，与其三级指标满分之和{num(summed)}分不符"
                )
            total += category.points
        else:
            yield from _check_adjustment(category, at)
        for gi, ii, ind in indicators:
            where = (*at, "groups", gi, "indicators", ii)
            if ind.max <= 0:
                yield (*where, "max"), f"指标“{ind.id}”满分应大于0"
                continue
            # 每项加分不超过3分 caps an item worth more (加5分/项): there the item's
            # points may exceed its max on purpose.
            clipped = category.item_cap is not None
            yield from _check_rule(ind.rule, ind.max, (*where, "rule"), f"指标“{ind.id}”", clipped)
            yield from _check_match(ind.match, (*where, "match"))
    yield from _check_total(rubric, total)
    yield from _check_conditions(rubric)
    yield from _check_grading(rubric)


def _check_adjustment(category: Category, at: Where) -> Problems:
    word = "加分项" if category.role == "bonus" else "扣分项"
    if category.points <= 0:
        yield (*at, "points"), f"{word}“{category.name}”的上限（points）应大于0"
    if category.item_cap is not None and category.item_cap <= 0:
        yield (*at, "item_cap"), f"{word}“{category.name}”的每项上限应大于0"
    for gi, group in enumerate(category.groups):
        for ii, ind in enumerate(group.indicators):
            where = (*at, "groups", gi, "indicators", ii, "max")
            if category.item_cap is not None and ind.max > category.item_cap:
                yield where, f"指标“{ind.id}”满分{num(ind.max)}分超过每项上限{num(category.item_cap)}分"
            if ind.max > category.points:
                yield where, f"指标“{ind.id}”满分{num(ind.max)}分超过{word}上限{num(category.points)}分"


def _check_total(rubric: Rubric, total: float) -> Problems:
    """The table adds up to the stated total, or, with a composition, to the assessment term
    and the terms to the stated total."""
    if not rubric.composition:
        if not math.isclose(total, rubric.max_total):
            yield ("max_total",), f"总分{num(rubric.max_total)}分，与各一级指标分值之和{num(total)}分不符"
        return
    where = ("composition",)
    assessments = [(i, c) for i, c in enumerate(rubric.composition) if c.source == "assessment"]
    if len(assessments) != 1:
        yield where, "composition 中应恰有一项 source: assessment（工作考核本身）"
    for i, c in assessments:
        if not math.isclose(total, c.points):
            yield (*where, i, "points"), f"“{c.label}”分值{num(c.points)}分，与各一级指标分值之和{num(total)}分不符"
    ids: set[str] = set()
    for i, c in enumerate(rubric.composition):
        if c.id in ids:
            yield (*where, i, "id"), f"分项编号“{c.id}”重复"
        ids.add(c.id)
        if c.points <= 0 or c.weight <= 0:
            yield (*where, i), f"分项“{c.label}”的分值和权重应大于0"
    summed = sum(c.points * c.weight for c in rubric.composition)
    if not math.isclose(summed, rubric.max_total):
        yield ("max_total",), f"总分{num(rubric.max_total)}分，与各分项加权满分之和{num(summed)}分不符"


def _check_conditions(rubric: Rubric) -> Problems:
    grades = grade_order(rubric)
    seen: set[str] = set()
    for i, c in enumerate(rubric.conditions):
        at = ("conditions", i)
        if c.id in seen:
            yield (*at, "id"), f"情形编号“{c.id}”重复"
        seen.add(c.id)
        if sum([c.grade is not None, bool(c.bar), c.exclude]) != 1:
            yield at, f"情形“{c.label}”应恰有一种作用：grade（定为某等次）、bar（不能评为）或 exclude（不予考核）"
        for grade in [*([c.grade] if c.grade else []), *c.bar]:
            if grade not in grades:
                yield at, f"情形“{c.label}”所说的等次“{grade}”不在等次之中（可选：{'、'.join(grades) or '无'}）"
        if c.trigger == "late" and rubric.deadline is None:
            yield (*at, "trigger"), "trigger: late 需要评分表写明截止日期（deadline）"
        if c.trigger == "deductions" and not any(cat.role == "deduction" for cat in rubric.categories):
            yield (*at, "trigger"), "trigger: deductions 需要评分表有扣分项（role: deduction）"


def _check_materials(rubric: Rubric) -> Problems:
    for i, material in enumerate(rubric.materials):
        if material in rubric.materials[:i]:
            yield ("materials", i), f"报送材料“{material}”重复"


def _check_ids(rubric: Rubric) -> Problems:
    seen_categories: set[str] = set()
    seen_indicators: set[str] = set()
    for ci, category in enumerate(rubric.categories):
        if category.id in seen_categories:
            yield ("categories", ci, "id"), f"一级指标编号“{category.id}”重复"
        seen_categories.add(category.id)
        for gi, group in enumerate(category.groups):
            for ii, ind in enumerate(group.indicators):
                where = ("categories", ci, "groups", gi, "indicators", ii)
                if ind.id in seen_indicators:
                    yield (*where, "id"), f"指标编号“{ind.id}”重复"
                seen_indicators.add(ind.id)
                if isinstance(ind.rule, PartsRule):
                    seen_parts: set[str] = set()
                    for pi, part in enumerate(ind.rule.parts):
                        if part.id in seen_parts:
                            yield (*where, "rule", "parts", pi, "id"), f"指标“{ind.id}”的部分编号“{part.id}”重复"
                        seen_parts.add(part.id)


def _reach(rule: Rule, limit: float, where: Where, who: str) -> Problems:
    """The rule's maximum must be attainable and no explicit figure may exceed the limit."""
    best = rule_max(rule, limit)
    if best < limit and not math.isclose(best, limit):
        yield where, f"{who}按规则最多得{num(best)}分，达不到满分{num(limit)}分"


def _check_rule(rule: Rule, limit: float, where: Where, who: str, clipped: bool = False) -> Problems:
    over = f"超过{who}满分{num(limit)}分"
    match rule:
        case PresenceRule():
            if rule.points > limit:
                yield (*where, "points"), f"得分{num(rule.points)}分{over}"
        case PerItemRule():
            if rule.points <= 0 or (rule.points > limit and not clipped):
                yield (*where, "points"), f"每项得分{num(rule.points)}分应大于0且不{over}"
            if rule.cap is not None and rule.cap > limit:
                yield (*where, "cap"), f"封顶{num(rule.cap)}分{over}"
        case TieredRule():
            yield from _check_tiers(rule, limit, where, who, over, clipped)
        case CountBandsRule():
            if not rule.bands:
                yield where, f"{who}的次数分档没有档次"
            by_min = sorted(rule.bands, key=lambda b: b.min)
            if len({b.min for b in by_min}) != len(by_min):
                yield (*where, "bands"), "次数分档的 min 有重复"
            if any(a.points > b.points for a, b in zip(by_min, by_min[1:])):
                # Otherwise more work could score less.
                yield (*where, "bands"), "次数越多得分应不减少：较高档次的得分低于较低档次"
            if any(b.points > limit for b in rule.bands):
                yield (*where, "bands"), f"档次得分{over}"
        case OutcomeRule():
            for outcome, points in rule.outcomes.items():
                if not 0 <= points <= limit:
                    yield (*where, "outcomes", outcome), f"结果“{outcome}”得{num(points)}分，应在0到{num(limit)}分之间"
            named = [("veto", o) for o in rule.veto] + [
                (key, o) for key, o in (("evidenced", rule.evidenced), ("absent", rule.absent)) if o is not None
            ]
            for key, outcome in named:
                if outcome not in rule.outcomes:
                    yield (*where, key), f"“{outcome}”不在 outcomes 中（可选：{'、'.join(rule.outcomes)}）"
        case DiscretionaryRule():
            high = rule.max if rule.max is not None else limit
            if not 0 <= rule.min <= high <= limit:
                yield where, f"酌情赋分区间{num(rule.min)}–{num(high)}分应在0到满分{num(limit)}分之内"
        case DeductionRule():
            if rule.per_missing <= 0:
                yield (*where, "per_missing"), "每缺一项的扣分应大于0"
            if rule.expected < 1:
                yield (*where, "expected"), "应有项数应至少为1"
            if not 0 <= rule.floor < limit:
                yield (*where, "floor"), f"最低分{num(rule.floor)}分应不小于0且小于满分{num(limit)}分"
        case PenaltyRule():
            if rule.points <= 0:
                yield (*where, "points"), "每次的扣分应大于0"
            if not 0 <= rule.floor < limit:
                yield (*where, "floor"), f"最低分{num(rule.floor)}分应不小于0且小于满分{num(limit)}分"
        case PartsRule():
            yield from _check_parts(rule, where, who)
    yield from _reach(rule, limit, where, who)


def _check_tiers(rule: TieredRule, limit: float, where: Where, who: str, over: str, clipped: bool) -> Problems:
    if not rule.tiers:
        yield where, f"{who}的分档规则没有档次"
    if rule.once_per_tier and rule.highest_only:
        yield where, "once_per_tier（每档计一次）与 highest_only（只取最高档）只能选一"
    for ti, tier in enumerate(rule.tiers):
        at = (*where, "tiers", ti)
        if tier.rest and ti != len(rule.tiers) - 1:
            # A rest tier takes every item, so any tier after it would never score.
            yield at, "rest 档（其他）应为最后一档"
        if tier.rest and (tier.levels or tier.tags):
            yield at, "rest 档（其他）不应再写 levels 或 tags"
        if not tier.rest and not tier.levels and not tier.tags:
            yield at, "档次须写明 levels 或 tags（或 rest: true），否则没有材料能归入"
        if tier.keywords and not tier.tags:
            # The matcher gives an item the tier's first tag when a keyword is in its evidence.
            yield (*at, "keywords"), "按关键词分档须写明 tags（命中关键词的材料取第一个 tag）"
        if tier.points <= 0 or (tier.points > limit and not clipped):
            yield (*at, "points"), f"档次得分{num(tier.points)}分应大于0且不{over}"
        if tier.cap is not None and not 0 < tier.cap <= limit:
            yield (*at, "cap"), f"本档封顶{num(tier.cap)}分应大于0且不{over}"
        for level in tier.levels:
            if level not in LEVEL_LABELS:
                yield (*at, "levels"), f"未知级别“{level}”（可选：{'、'.join(LEVEL_LABELS)}）"
    if rule.cap is not None and rule.cap > limit:
        yield (*where, "cap"), f"封顶{num(rule.cap)}分{over}"


def _check_parts(rule: PartsRule, where: Where, who: str) -> Problems:
    if not rule.parts:
        yield where, f"{who}的 parts 为空"
    for pi, part in enumerate(rule.parts):
        at = (*where, "parts", pi)
        yield from _check_match(part.match, (*at, "match"))
        if part.max is None and isinstance(part.rule, (DiscretionaryRule, DeductionRule)):
            yield at, f"部分“{part.id}”的规则需以满分为基准，请写明 max"
            continue
        limit = part_max(part)
        if math.isinf(limit):
            yield at, f"部分“{part.id}”的规则不封顶，请写明 max 或 cap"
            continue
        if limit <= 0:
            yield at, f"部分“{part.id}”满分应大于0"
            continue
        yield from _check_rule(part.rule, limit, (*at, "rule"), f"部分“{part.id}”")


def _check_match(match: Match, where: Where) -> Problems:
    for level in match.levels:
        if level not in LEVEL_LABELS:
            yield (*where, "levels"), f"未知级别“{level}”（可选：{'、'.join(LEVEL_LABELS)}）"
    for kind in match.types:
        if kind not in TYPE_LABELS:
            yield (*where, "types"), f"未知活动类型“{kind}”（可选：{'、'.join(TYPE_LABELS)}）"


def _check_grading(rubric: Rubric) -> Problems:
    grading = rubric.grading
    where = ("grading",)
    if grading.shares and grading.counts:
        yield where, "shares（比例）与 counts（名额）只能选一"
    if grading.method == "none":
        if grading.bands or grading.shares or grading.counts:
            yield (*where, "method"), "method: none（不评等次）时不应再写 bands、shares 或 counts"
    elif not grading.bands and not (grading.method == "rank" and (grading.shares or grading.counts)):
        yield where, "未给出等次分数线（bands），无法确定等次"
        return
    mins = [b.min for b in grading.bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        yield (*where, "bands"), "等次分数线应按从高到低排列且不重复"
    if grading.bands and min(mins) > 0:
        # Otherwise a low total would get no grade at all.
        yield (*where, "bands"), "最低一档的分数线应为0，使任何总分都有等次"
    vetoes = any(isinstance(r, OutcomeRule) and r.veto for r in _rules(rubric))
    if vetoes and grading.veto_grade is None:
        yield (*where, "veto_grade"), "评分表有一票否决的结果，须写明否决后的等次（veto_grade）"
    named = [b.grade for b in grading.bands] + list(grading.shares) + list(grading.counts)
    if vetoes and grading.veto_grade is not None and grading.method != "none" and grading.veto_grade not in named:
        yield (*where, "veto_grade"), f"一票否决等次“{grading.veto_grade}”不在等次之中"
    if grading.shares:
        if any(s <= 0 for s in grading.shares.values()) or sum(grading.shares.values()) > 1 + 1e-9:
            yield (*where, "shares"), "各等次比例应大于0且合计不超过1"
    if any(n < 1 for n in grading.counts.values()):
        yield (*where, "counts"), "各等次名额应至少为1"


def _rules(rubric: Rubric) -> Iterator[Rule]:
    """Every rule in the rubric, parts included."""
    for _, _, ind in rubric.indicators():
        yield ind.rule
        if isinstance(ind.rule, PartsRule):
            yield from (p.rule for p in ind.rule.parts)
