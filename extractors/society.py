"""Who wrote the summary: the society's name and its level.

The level matters because a society's own meetings take its level unless the
text says otherwise: a provincial society's 学术年会 is 全省性. The society is
the subject of the title ("省预防医学会2018年工作总结", "市科协召开…") or the
signature, not a body the text names on the way: the national society or 科协
it works under ("在中华预防医学会、省科协的领导下"), a co-organiser, the 科协
a self-evaluation form is sent to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.vocabulary import Level
from extractors.models import Document

# Provinces are often written without 省 ("山东林学会", "北京水利学会").
PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|"
             "贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆")
# A place name does not run across the words of a sentence ("…日成立了贵港市…" is not a place).
PLACE_CHAR = r"(?:(?![了的在和与及日月年为对从向是由等])[\u4e00-\u9fa5])"
PLACE = (rf"(?:中国|中华|全国|(?:{PROVINCES})(?:省|市|自治区)?|{PLACE_CHAR}{{2,8}}?(?:省|自治区|自治州|地区|市|州|盟|区|县|旗)"
         r"|省|市|州|区|县)")
KIND = r"(?:学会|协会|研究会|促进会|联合会|科协)"
# A branch is its own body: "中国林学会森林培育分会", "中华中医药学会综合医院中医药工作委员会".
BRANCH = r"(?:[\u4e00-\u9fa5]{1,16}?(?:分会|专业委员会|工作委员会|专委会))?"
SOCIETY = re.compile(rf"{PLACE}[\u4e00-\u9fa5（）()·]{{0,24}}?{KIND}{BRANCH}")
# "全国学会", "省级学会", "县市区科协" speak of a kind of body, not of one.
GENERIC = re.compile(r"^(?:全国|[省市州区县级])+(?:学会|协会|研究会|促进会|联合会)$|^(?:全国|[省市州区县级]){2,}科协$")
# "关于召开江西省矿业学会…" names the society after the words that lead to it.
LEAD_WORDS = re.compile(r"^(?:关于|召开|举办|承办|主办|参加|组织|邀请|由|和|与|及|的|在|为)+")
# "各设区市林学会：" addresses the societies a notice is sent to.
ADDRESSEES = re.compile(r"^(?:各|全省|全市|有关)")
# What follows the subject of a title: its year, its work, the verb of the news it heads, or the line's end.
TITLE_SUBJECT = re.compile(r"^(?:\s*(?:\d{4}|二[〇零○]|[上下]半年|年度|工作|第|召开|举办|开展|组织|举行|联合|成功|积极|荣获|获|赴|到|与|走进|\n|$))")
# A body named as the one the society works under: "在中华预防医学会、省科协的领导下", "在市科协的指导下".
OVERSEER = re.compile(r"^[^。，；\n]{0,30}?(?:领导|指导|主管|关心|支持)下")
# A form names whose it is in a field ("学会名称：江西省作物学会"): that beats the 科协 in the form's title.
FIELD = re.compile(r"(?:名称|填报单位|申报单位|报送单位)[：:]\s*$")
# What leads to a title's subject: breadcrumbs and section marks ("首页 > 工作动态 > ", "【概述】").
LINE_START = re.compile(r"(?:^|\n|>|】|\]|｜|\|)[\s　]*")
ABBREVIATIONS = (("科学技术协会", "科协"),)
NAME_LEVELS = (
    (re.compile(r"^(?:中国|中华|全国)"), Level.NATIONAL),
    (re.compile(rf"^(?:[\u4e00-\u9fa5]{{2,8}}(?:省|自治区)|(?:{PROVINCES})(?!市)|省)"), Level.PROVINCIAL),
    (re.compile(r"^(?:[\u4e00-\u9fa5]{2,8}(?:市|自治州|州|盟|地区)|市|州)"), Level.MUNICIPAL),
    (re.compile(r"^(?:[\u4e00-\u9fa5]{2,8}(?:县|区|旗)|县|区)"), Level.COUNTY),
)


@dataclass(frozen=True)
class Candidate:
    name: str
    field: bool  # the value of a form's name field
    subject: bool  # it starts a title line, or is a signature line of its own
    kexie: bool


def society_name(documents: list[Document]) -> str | None:
    """The society the first document that names one belongs to; pass the society's own summary first,
    since a notice names whoever sent it.

    A form's name field wins, then a title's or signature's subject; failing one, the name the text
    repeats most among those in its first and last lines, a 学会 or 协会 before
    a 科协 (a society's papers name the 科协 they report to, rarely the reverse).
    """
    for document in documents:
        candidates = _candidates(document)
        if not candidates:
            continue
        named = [c for c in candidates if c.field] or [c for c in candidates if c.subject]
        if named:
            return named[0].name
        text = canonical_name(document.text)
        return min(candidates, key=lambda c: (c.kexie, -text.count(c.name))).name
    return None


def _candidates(document: Document) -> list[Candidate]:
    """The society names in a document's first and last three blocks, in reading order, less the bodies it works
    under and those it addresses."""
    blocks = document.body_blocks()
    found = []
    for block in blocks[:3] + blocks[-3:]:
        line_starts = {m.end() for m in LINE_START.finditer(block.text)}
        for m in SOCIETY.finditer(block.text):
            lead = LEAD_WORDS.match(m.group())
            name = canonical_name(m.group()[lead.end() if lead else 0:])
            after = block.text[m.end():]
            if len(name) < 3 or GENERIC.match(name) or ADDRESSEES.match(name) or OVERSEER.match(after):
                continue
            subject = m.start() in line_starts and TITLE_SUBJECT.match(after) is not None
            field = FIELD.search(block.text[:m.start()]) is not None
            found.append(Candidate(name, field, subject, name.endswith("科协")))
    return found


def canonical_name(name: str) -> str:
    """One spelling for one body: 科学技术协会 is written 科协."""
    for long, short in ABBREVIATIONS:
        name = name.replace(long, short)
    return name


def society_level(name: str | None) -> Level | None:
    if not name:
        return None
    return next((level for pattern, level in NAME_LEVELS if pattern.search(name)), None)
