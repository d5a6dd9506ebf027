"""Title, place and organizer of an activity, when the statement states them.

Summaries name events in a few set ways: a quoted or bracketed name
(“赣鄱科普大讲堂”, 《…》), or a noun phrase ending in an event word right after
the verb ("举办2021年学术年会"). Places follow 在/于/赴 before the verb.
Anything less certain is left empty rather than guessed.
"""

from __future__ import annotations

import re

from extractors.classify import is_generic

EVENT_NOUNS = (
    "学术年会|年会|大会|会议|论坛|峰会|研讨会|交流会|报告会|座谈会|推进会|启动仪式|仪式|沙龙|讲座|大讲堂|讲堂|"
    "培训班|研修班|学习班|进修班|培训|大赛|竞赛|比赛|展览|展|活动周|科普日|主题党日|活动|义诊|调研|评审|评估"
)
HOST_VERBS = "举办|举行|召开|承办|主办|协办|申办|开展|组织|组织开展|参加|启动"
PUNCT = "，。；：、！？,.;:!?"

QUOTED = re.compile(r"[“\"《「『]([^”\"》」』]{2,40})[”\"》」』]")
DASHED = re.compile(rf"(?:——|—|--)(?P<title>[^{PUNCT}—]{{2,40}}?(?:{EVENT_NOUNS}))")
HELD_CLAUSE = re.compile(r"^.*(?:举办|召开|主办|承办|举行)的")
BOOK_TITLE = re.compile(r"《([^》]{2,40})》")
# "荣获“省级学会之星”称号": the quoted words before 称号/奖 name the honour.
HONOUR = re.compile(r"[“\"]([^”\"]{2,40})[”\"](?:称号|奖|荣誉)")
AFTER_VERB = re.compile(
    rf"(?:{HOST_VERBS})(?:了|的)?(?P<title>[^{PUNCT}]{{2,40}}?(?:{EVENT_NOUNS}))"
)
PLACE = re.compile(
    rf"(?:在|于)(?P<place>[^{PUNCT}在于]{{2,20}}?)"
    rf"(?:成功)?(?:{HOST_VERBS}|开幕|召开|进行|开讲|开办|为|给|向|对|作)"
    # Going somewhere names the place even when a comma follows ("走进育新学校，开展…").
    rf"|(?:赴|走进|深入|前往|(?<![得达受收遇做感想])到)(?P<goal>[^{PUNCT}在于到]{{2,20}}?)"
    rf"(?:{HOST_VERBS}|开幕|召开|进行|开讲|开办|为|给|向|对|作|，|,)"
    # A school, village or community a society works with is where the work happens.
    rf"|联合(?P<site>[^{PUNCT}联]{{2,16}}?(?:中学|小学|学校|社区|街道|村))(?:{HOST_VERBS})"
)
PARTNER = re.compile(
    rf"(?:联合|会同|携手|与)(?P<partner>[^{PUNCT}与]{{2,24}}?(?:大学|学院|学校|医院|研究院|研究所|中心|协会|学会|公司|集团|局|厅|委))"
    rf"(?:等单位)?(?:共同|联合)?(?:{HOST_VERBS}|签订|签署|发起)"
)
ORGANIZER = re.compile(
    rf"(?:由)(?P<org>[^{PUNCT}由]{{2,30}}?)(?:主办|承办|牵头|联合主办|组织)"
)
# Words that end a "place" capture when it is really a time or a manner.
NOT_PLACE = re.compile(r"^\d|月|日|年|期间|线上|网上|云端|同时|上午|下午|晚上|近期|此前|会上|其中|^一线$|^基层$|^群众|^实处|^心坎"
                       # "深入开展…", "深入学习贯彻…": 深入 as "thoroughly", not "into".
                       r"|^(?:开展|推进|学习|贯彻|实施|推动|落实|研究|挖掘|调研|分析)")


def read_title(text: str) -> str | None:
    m = QUOTED.search(text)
    if m and re.search(EVENT_NOUNS, m.group(1)):
        return m.group(1)
    # "承办了全国性学术会议——第十三届全国中医治未病学术会议": the name follows the dash.
    if m := DASHED.search(text):
        return m.group("title")
    m = AFTER_VERB.search(text)
    if m:
        # "参加了于3月14日在抚州举办的第七届…会议": the name starts after the clause that places it.
        title = HELD_CLAUSE.sub("", m.group("title")).lstrip("了一")
        # "开展形式多样的科普活动" names a kind of work, "举办学术沙龙、青年论坛等活动" several: not an event.
        listed = text[m.end():m.end() + 1] in ("、", "等")
        if len(title) >= 2 and not is_generic(title) and not listed:
            return title
    # 《》 names a work (a report, a standard, a book), “”…称号 an honour; “” alone also quotes slogans ("四服务").
    return m.group(1) if (m := BOOK_TITLE.search(text) or HONOUR.search(text)) else None


def read_location(text: str) -> str | None:
    for m in PLACE.finditer(text):
        place = m.group("place") or m.group("goal") or m.group("site")
        if not NOT_PLACE.search(place):
            return place
    return None


def read_partner(text: str) -> str | None:
    """The body the society worked with ("联合江西交通职业技术学院开展…"), when named."""
    m = PARTNER.search(text)
    return m.group("partner") if m else None


def read_organizer(text: str) -> str | None:
    m = ORGANIZER.search(text)
    return m.group("org") if m else None
