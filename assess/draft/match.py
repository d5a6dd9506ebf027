"""The `match` block of a drafted indicator: keywords, activity type and levels from its words.

This is about what the evidence for an indicator looks like, not how it scores,
so it is kept apart from the rule guessing. Types and levels come from the
extractor's own classifier and lexicon, so a draft matches activities the way
the pipeline reads them out of summaries.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.classify import read_type
from extractors.lexicon import lexicon
from core.vocabulary import ActivityType
from assess.draft.clauses import UNITS

# Level words beyond the extractor's lexicon that notices use for awards and instructions.
LEVEL_WORDS = {"国家": "national", "部委": "national", "中国科协": "national", "自治区": "provincial",
               "省部级": "provincial", "市科协": "municipal", "市领导": "municipal", "市级": "municipal",
               "市内": "municipal"}
# "三次", "五项": a count in the wording, never a keyword.
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
