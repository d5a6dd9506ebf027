"""The rule an indicator's scoring wording means: outcome, deduction, penalty,
per item, tiers, count bands, parts, presence or discretionary.

A guess carries TODOs for what the wording does not settle, so a draft never
invents a number silently; a person reads the TODO and decides.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from extractors.lexicon import lexicon
from assess.draft.clauses import ABOVE, BELOW, DISCRETION, Clause, clauses, clean_label
from assess.draft.tiers import OTHER_TIER, level_tiers, rate_tiers
from rubrics.explain import num

# A shortfall ("未开展", "缺1项", "少1次") is deducted from the maximum; anything
# else that costs points ("发生事故扣2分") is a penalty for an incident.
SHORTFALL = re.compile(r"^(?:[^，；。]{0,10}?)(?:未|没有|缺|少|不|无)")
OUTCOME_SYNONYMS = {"没有完成年检": "未年检", "未完成年检": "未年检", "未参加年检": "未年检", "不年检": "未年检",
                    "没有年检": "未年检"}
OUTCOME_WORDS = re.compile("基本合格|不合格|合格|未年检|优秀|良好")


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
        rule = level_tiers(scored, maximum)
        return Guess(rule) if rule else _outcome(scored, maximum, veto=False)
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
            todos.append(_ambiguous(c))
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
    todos = [_ambiguous(c) for c in deducts if c.ambiguous]
    return Guess({"kind": "deduction", "per_missing": per, "expected": int(max(expected, len(deducts)))}, todos)


def _ambiguous(c: Clause) -> str:
    """The TODO for "扣得2分", which reads both ways; the draft takes it as a deduction."""
    return f"“{c.raw}”措辞含糊（扣分还是得分？），暂按扣{num(c.deduct)}分计"


def _per_item(per: list[Clause], maximum: float) -> Guess:
    """5分/项 up to 10; several rates by level become tiers (市科协表彰1分/次、中国科协表彰2分/次)."""
    caps = [c.cap for c in per if c.cap is not None]
    cap = min([maximum, *caps])
    unit = per[0].per[1]
    todos = ["措辞含“酌情”，已按每项计分起草"] if any(c.discretionary for c in per) else []
    if len(per) == 1:
        rule = {"kind": "per_item", "points": per[0].per[0], "cap": cap, "unit": unit}
        return Guess(rule, todos)
    tiers, notes = rate_tiers(per, [c.per[0] for c in per])
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
    """The threshold as the notice words it ("五次以上"), so a reviewer finds it in the table."""
    for pattern in ((BELOW,) if below else ABOVE):
        if m := pattern.search(raw):
            return m.group()
    return f"{threshold[0]}{threshold[1]}{'以下' if below else '以上'}"


def _several(gains: list[Clause], text: str, maximum: float) -> Guess:
    """Several scored clauses: tiers by level, tiers by outcome (被采纳4分；其他2分), or parts that add up."""
    tiered = level_tiers(gains, maximum)
    if tiered:
        return Guess(tiered)
    adopted = lexicon().adopted
    if any(adopted.search(c.raw) for c in gains) or any(OTHER_TIER.match(c.own) for c in gains):
        tiers, notes = rate_tiers(gains, [c.gain for c in gains])
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
    name = clean_label(_strip_counts(found[0].label)) if found else clean_label(tail)
    label = clean_label(lead) or "其余分值"
    parts = guess.rule["parts"] if guess.rule["kind"] == "parts" else [_part(1, name, guess.rule)]
    extra = _part(0, label, {"kind": "presence", "points": rest})
    parts = [extra, *parts] if lead else [*parts, extra]
    for i, part in enumerate(parts, 1):
        part["id"] = f"p{i}"
    todo = f"表中写明的给分合计{num(reach)}分，少于满分{num(maximum)}分；已将余下{num(rest)}分记为“{label}”，请核对"
    return Guess({"kind": "parts", "parts": parts}, [*guess.todos, todo])


def _strip_counts(text: str) -> str:
    """A label without its count threshold, which the bands already carry."""
    for pattern in (*ABOVE, BELOW):
        text = pattern.sub("", text)
    return text


def _reach(rule: dict) -> float:
    """The most a presence or count-bands rule gives: the only rules `_with_rest` tops up."""
    if rule["kind"] == "count_bands":
        return max(b["points"] for b in rule["bands"])
    return rule["points"]


def _part(index: int, label: str, rule: dict) -> dict:
    return {"id": f"p{index}", "label": label, "rule": rule}


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


def describe(c: Clause, points: float) -> str:
    """A scored clause as a reviewer reads it: "承办…活动，每项5分，最高10分"."""
    if c.per:
        return f"{c.label}，每{c.per[1]}{num(c.per[0])}分，最高{num(points)}分"
    return f"{c.label}得{num(points)}分"
