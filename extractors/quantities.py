"""Counts in Chinese work summaries: people, views, events and money.

Summaries state sizes as "参会代表300余人", "受益群众1.2万人次", "共举办讲座十二场",
"近200人", "上千人". A number only counts when a unit follows it; ordinals
("第八次", "第3期"), slogans ("两个维护", "十四五期间"), vague amounts
("数十人", "两三场") and percentages are not quantities and are skipped.
Unit-less numbers are read only after a view word ("阅读量10万+").

Conventions: `value` is the whole amount in the base unit ("1.2万人次" → 12000,
"10万元" → 100000 with unit "元"); `approx` marks lower bounds and estimates
(余, 多, 近, 约, 逾, 超过, 上千, 以上, 左右, a range "200-300人" given as 200);
the span covers those approximation words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.numerals import CN_NUMERAL_CHARS, chinese_number
from extractors.settings import settings

PARTICIPANTS = "participants"
VIEWS = "views"
COUNT = "count"
MONEY = "money"
OTHER = "other"
# People counted in a role, not as an audience ("组织11名专家", "表彰6名优秀科技工作者").
PEOPLE = "people"


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: int
    unit: str
    approx: bool
    kind: str


_S = r"[^\S\n]*"
_CN = CN_NUMERAL_CHARS
_AR_NUM = r"(?<![\d.,A-Za-z])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A Chinese numeral starts with a digit ("三百", "十二"); a bare place character
# ("千") only after 上/近/逾… ("上千人"), so 千家万户 and 百家讲坛 are not counts.
# The look-behind keeps numerals inside words (统一, 唯一, 进一步) out.
_CN_NUM = (
    rf"(?<![{_CN}统唯同逐之划归均进某其另任专])(?:[〇零一二两三四五六七八九十][{_CN}]*|(?<=[近约逾超过上达])[百千万][{_CN}]*"
    # "百余人", "千余名": a bare 百/千 that is a count of people
    rf"|[百千](?={_S}[余多]{_S}[人名位]))"
)
_APPROX_BEFORE = r"超过|不少于|不低于|至少|多达|近|约|逾|超|上(?=[百千万])"
# Units, longest first; the look-aheads drop words that merely start with a unit
# character (个月, 期间, 项目, 部门, 名单, 位于 …).
_UNITS = (
    r"人次|场次|学时|课时|小时|"
    r"人(?![才民口])|名(?![单称录次额义片牌誉])|位(?![一于置次列数居])|"
    r"场(?![地馆所景合面])|次(?!性)|期(?![间刊待望限货])|项(?!目)|个(?!月|百分点|工作日|小时|季度)|篇|"
    r"批(?![准示复评])|家(?![庭长乡属园])|所(?![属有在以谓得需示述])|份(?!额)|册|"
    r"本(?![科土领着地次年届身会人单部市省院刊期])|部(?![门署分长委队位级])|轮|届(?!满)|"
    r"条(?![件例款])|件|支(?![持部出付援撑])|门(?![类户槛诊口])|讲(?![座话解授师课好述学究堂])|"
    r"元|天"
)
_QUANTITY = re.compile(
    # Every match starts with one of these; testing it first makes the scan ~3× faster.
    rf"(?=[\d{_CN}第数几超不至多近约逾上新下])(?:"
    # Consumed and dropped: ordinals, vague amounts, percentages, slogans that look like counts.
    rf"(?P<skip>第{_S}(?:\d+|[{_CN}]+)|[数几]{_S}[十百千万]+|\d+(?:\.\d+)?{_S}[%％]|百分之[{_CN}]+"
    # "新一届理事会", "上一次会议": which one, not how many
    r"|(?<!线)[新上下]一[届轮代次期批]"
    r"|两个维护|四个意识|四个自信|两个确立|三个代表|四个全面|四个面向|两个一百年|一条龙"
    rf"|[一二三四五六七八九十]+届[一二三四五六七]中全会)"
    rf"|(?:(?P<pre>{_APPROX_BEFORE}){_S})?"
    rf"(?P<num>{_AR_NUM}|{_CN_NUM})"
    rf"(?:{_S}(?:-|~|～|—|至|到){_S}(?P<upper>{_AR_NUM}))?"
    rf"(?:{_S}(?P<more>余|多))?(?:{_S}(?P<mag>[万千百亿]))?(?P<more2>余|多)?"
    rf"(?:{_S}(?P<unit>{_UNITS}))?(?P<after>{_S}(?:以上|左右)|\+)?)"
)
_MAGNITUDE = {"百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
_KINDS = {"人次": VIEWS, "人": PARTICIPANTS, "名": PARTICIPANTS, "位": PARTICIPANTS, "元": MONEY}
_KINDS |= dict.fromkeys(("学时", "课时", "小时", "天"), OTHER)
PERSON_UNITS = frozenset({"人", "名", "位", "人次"})
# The clause around a count of people says what it counts: an audience
# online (views), people present (participants), or people named in a role
# who acted or were honoured (people).
_CLAUSE = "，。；：！？,;:!?\n"
_CLAUSE_BEFORE = re.compile(rf"[^{_CLAUSE}]*$")
_CLAUSE_AFTER = re.compile(rf"[^{_CLAUSE}]*")
_VIEW_VERBS = "观看|收看|浏览|点击|阅读|播放|访问"
_VIEW_VERB = re.compile(_VIEW_VERBS)
_VIEW_WORDS = re.compile(rf"{_VIEW_VERBS}|直播|线上|网络|在线|云端")
_ATTEND = "参会|参加|参训|与会|出席|到会|参赛|参展|参观|到场|现场|听众|学员|受训|培训|接待|观众|服务群众"
_ATTENDANCE = re.compile(_ATTEND)
_ROLES = (
    "专家|会员|党员|院士|教授|学者|志愿者|工作人员|同志|科技工作者|优秀|先进|青年|骨干|人才|"
    "委员|常务理事|理事长|理事|会长|副会长|秘书长|监事|评委|讲师|博士|硕士|研究生|医生|医师|代表"
)
# Roles stack up ("300余名会员代表参加"); the verb after them decides.
_ROLE_AFTER = re.compile(rf"(?:{_ROLES})+(?P<attend>{_ATTEND})?")
_ROLE_BEFORE = re.compile(rf"(?:{_ROLES})$")
_HONOURED = re.compile(r"(?:[^，。；]{0,6}?)(?:获评|荣获|获得|当选|入选|被评为|受到表彰|获奖)")


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in `text`, left to right, not overlapping (see module doc)."""
    found = []
    for m in _QUANTITY.finditer(text):
        if m.group("skip") is None and (quantity := _read(text, m)) is not None:
            found.append(quantity)
    return found


def _read(text: str, m: re.Match) -> Quantity | None:
    value = chinese_number(m.group("num").replace(" ", ""))
    if value is None:
        return None
    if m.group("mag"):
        value *= _MAGNITUDE[m.group("mag")]
    unit = m.group("unit") or ""
    kind: str | None = _KINDS.get(unit, COUNT)
    if unit in PERSON_UNITS or unit in ("", "次"):
        context = settings().quantities.context_chars
        before = _CLAUSE_BEFORE.search(text, max(0, m.start() - context), m.start()).group()
        after = _CLAUSE_AFTER.match(text, m.end(), m.end() + context).group()
        kind = _person_kind(unit, before, after)
        if kind is None:
            return None
    approx = bool(m.group("pre") or m.group("more") or m.group("more2") or m.group("after") or m.group("upper"))
    return Quantity(m.start(), m.end(), round(value), unit, approx, kind)


def _person_kind(unit: str, before: str, after: str) -> str | None:
    """What a count of people, of 次, or a bare number counts, read from its clause."""
    if unit in ("", "次"):
        # Only a view verb makes "浏览量5000余次" or "阅读量10万+" views; "线上举办3次" is a count.
        if _VIEW_VERB.search(before) or _VIEW_VERB.match(after.lstrip("余多人")):
            return VIEWS
        return COUNT if unit else None
    if _HONOURED.match(after):
        return PEOPLE  # "1人获评", "3名专家入选"
    role = _ROLE_AFTER.match(after)
    if role and role.group("attend"):
        return PARTICIPANTS  # "36名党员参加"
    attended = _ATTENDANCE.search(before) is not None or _ATTENDANCE.match(after) is not None
    if not attended and (role or _ROLE_BEFORE.search(before)):
        return PEOPLE  # "组织11名专家", "首批入站专家7名"
    if _VIEW_WORDS.search(before) or _VIEW_WORDS.search(after):
        return VIEWS
    if unit == "人次":
        return PARTICIPANTS if attended else VIEWS  # "累计参会3000余人次" vs "受益群众1.2万人次"
    return PARTICIPANTS
