"""Tiers for clauses that score at different rates, told apart by level, by the
extractor's `adopted` tag, or by the words only one clause has.

Both an indicator's wording ("国际性…10分；全国…6分") and a 加分 item
("市科协表彰（加1分/次）、中国科协表彰（加2分/次）") come down to tiers, so they
are built in one place.
"""

from __future__ import annotations

import re

from extractors.lexicon import lexicon
from assess.draft.clauses import Clause
from assess.draft.match import keywords, levels_in

# "其他…2分" scores whatever the named tiers leave over.
OTHER_TIER = re.compile(r"^其[他它]")
# Who awards or instructs: what tells tiers apart when they share a level.
ISSUERS = ("中国科协", "市科协", "省科协", "自治区科协", "国家领导", "中央领导", "省领导", "市领导", "自治区领导", "厅局",
           "部委", "国家", "自治区", "市级部门")


def _by_level(found: list[Clause], points: list[float]) -> list[dict] | None:
    """Tiers when each clause names levels no other clause names ("国际性…10分；全国或区域性…6分")."""
    levels = [levels_in(c.label) for c in found]
    named = [level for lv in levels for level in lv]
    if len(found) < 2 or not all(levels) or len(set(named)) < len(named):
        return None
    return [{"label": c.own or c.label, "levels": lv, "points": p} for c, lv, p in zip(found, levels, points)]


def level_tiers(scored: list[Clause], maximum: float) -> dict | None:
    """A tiered rule by level capped at the maximum, from gains or from what is left after a deduction."""
    points = [maximum if c.full else c.gain if c.gain is not None else maximum - (c.deduct or 0) for c in scored]
    tiers = _by_level(scored, points)
    if tiers is None:
        return None
    rule: dict = {"kind": "tiered", "tiers": tiers, "cap": maximum, "unit": _unit(scored)}
    if max(t["points"] for t in tiers) >= maximum:
        # The best tier already gives the maximum: only the highest tier reached counts.
        rule["highest_only"] = True
    return rule


def rate_tiers(found: list[Clause], points: list[float]) -> tuple[list[dict], list[str]]:
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


def _unit(found: list[Clause]) -> str:
    text = "".join(c.raw for c in found)
    return "次" if re.search(r"会议|活动|讲座|培训|次", text) else "项"
