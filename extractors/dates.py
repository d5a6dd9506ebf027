"""Dates as Chinese work summaries write them, read into ISO strings.

Summaries rarely write the year ("6月18日"), write ranges in many ways
("9月11日至17日", "9月28日—10月2日", OCR's "9月11日一17日"), speak of parts of
the year ("上半年", "第三季度", "年底") and glue list numbers to dates
("3.10月15日" is item 3, 15 October). dateparser misreads or rejects most of
these (field notes), so this module is a regex grammar with calendar checks.

Conventions (the contract's ISO strings, extended where a date is coarser):
- precision "day": "YYYY-MM-DD"; "month" and "part_of_month" ("6月中旬",
  "12月底"): "YYYY-MM", the month, because the corpus and reviewers treat
  上旬/中旬/下旬 as that month; "season" (上半年, 第三季度, 年初, 年底): a range
  of months; "year" ("2021年度", "2021年学术年会"): "YYYY".
- A date without a year takes the year its sentence set ("2022年，学会拟于3月…",
  "2020年12月5日、12月8日"), else the assessment year `year`; when neither
  is known the date is not returned, so every mention has a full date.
  `year_explicit` says the year was written in the text, not supplied;
  a year relative to the assessment year ("去年12月", "今年上半年") counts as written.
- A range's end inherits year and month from its start; an end month before
  the start month ("12月28日至1月3日") is in the next year.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from extractors.numerals import CN_NUMERAL_CHARS, chinese_number, digit_string
from extractors.settings import settings

DAY = "day"
MONTH = "month"
PART_OF_MONTH = "part_of_month"
SEASON = "season"
YEAR = "year"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date_start: str
    date_end: str | None
    year_explicit: bool
    precision: str


_S = r"[^\S\n]*"  # PDF text keeps stray spaces inside dates ("2019 年 10 月")
# Range joints; OCR reads a dash as "一", accepted only before an Arabic number.
_JOINT = rf"{_S}(?:至|到|~|～|－|-|—{{1,2}}|–|―|−|一(?={_S}\d)){_S}"
_ABS_YEAR = rf"(?<!\d)(?:19|20)\d\d(?!\d)|(?<![{CN_NUMERAL_CHARS}])[一二][〇零○OoＯ0一二三四五六七八九]{{3}}"
# "今年/去年/明年/本年/上年" resolve against the assessment year; the look-behind
# keeps words that merely end in these characters ("以上", "基本", "说明") out.
_REL_YEAR = r"(?<![以会线基日成资样说证光文])(?:今|去|明|本|上一?)"
# 元月 is January ("2010年元月13日").
_MONTH_NUM = rf"(?<!\d)\d{{1,2}}|(?<![{CN_NUMERAL_CHARS}])(?:十[一二]?|[一二三四五六七八九])|元(?={_S}月)"
_DAY_NUM = r"\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_EDGE = r"初(?![步稿审评选赛次心级中])|底|末"  # "初" in 初步/初稿/初审… is not "beginning of"
_PART = rf"上中旬|中下旬|上旬|中旬|下旬|{_EDGE}"
_SEASON = rf"上半年|下半年|第?{_S}[一二三四1-4]{_S}季度"
_HOLIDAY = r"国庆(?:节|期间|假期|长假)?|暑期|暑假|寒假"


def _year(prefix: str = "") -> str:
    """A written year, absolute or relative; `prefix` keeps group names unique per alternative.

    年 followed by 会 is the 年会 of "2021年会" unless it is 会员/会议.
    """
    return rf"(?:(?P<{prefix}y>{_ABS_YEAR})|(?P<{prefix}rel>{_REL_YEAR})){_S}年(?!会(?![员议]))"


_MENTION = re.compile(
    # Every mention starts with one of these; testing it first makes the scan ~7× faster.
    r"(?=[\d一二三四五六七八九十今去明本上下第年国暑寒])(?:"
    # "2019—2021年": a span of years
    rf"(?P<yr1>{_ABS_YEAR}){_JOINT}(?P<yr2>{_ABS_YEAR}){_S}年(?:度)?"
    # "2021.3.5", "2021-03-05", "2021/3/5", "2021.03"; not amounts like "2021.5万元"
    rf"|(?<![\d.])(?P<ny>(?:19|20)\d\d)(?P<sep>[./-])(?P<nm>\d{{1,2}})(?:(?P=sep)(?P<nd>\d{{1,2}}))?(?![\d万千亿元%])(?!\.\d)"
    # "2021年3—5月": a span of months written once
    rf"|(?:{_year('a')}{_S})?(?<!\d)(?P<mr1>\d{{1,2}}){_JOINT}(?P<mr2>\d{{1,2}}){_S}月(?:份)?"
    # "2021年6月18日", "6月18日", "十月十三日", "12月份", "6月中旬"; "9月11" before "-13日"
    rf"|(?:{_year('b')}{_S})?(?P<m>{_MONTH_NUM}){_S}月{_S}"
    rf"(?:(?P<d>{_DAY_NUM}){_S}(?:(?P<dunit>[日号])|(?={_JOINT}(?:\d{{1,2}}{_S}月{_S})?\d{{1,2}}{_S}[日号]))"
    rf"|(?P<part>{_PART})|份)?"
    # "2021年上半年", "今年第三季度", "2021年底", "年初"; "每年年底" recurs and is no date
    rf"|(?:{_year('c')}{_S}|(?P<cby>{_ABS_YEAR}){_S})?(?P<season>{_SEASON})"
    rf"|{_year('e')}{_S}年?(?P<yend>{_EDGE})"
    rf"|(?<![去今明本上前往来当每半年{CN_NUMERAL_CHARS}\d])年(?P<bare_end>{_EDGE})"
    # "国庆期间", "暑期": times of year everyone dates alike
    rf"|(?:{_year('h')}{_S})?(?P<holiday>{_HOLIDAY})"
    # "2021年度", "2021年"; "2021" of "2021年会"
    rf"|(?P<oy>{_ABS_YEAR}){_S}(?:年(?!会(?![员议]))(?:度)?|(?=年会(?![员议]))))"
)

_RANGE_END = re.compile(
    rf"{_JOINT}(?:(?:{_year()}){_S})?(?:(?P<m>{_MONTH_NUM}){_S}月{_S})?(?:(?P<d>{_DAY_NUM}){_S}[日号]|份)?"
)

_SEASON_MONTHS = {"上半年": (1, 6), "下半年": (7, 12), "初": (1, 2), "底": (11, 12), "末": (11, 12)}
_HOLIDAY_MONTHS = {"国庆": (10, 10), "暑期": (7, 8), "暑假": (7, 8), "寒假": (1, 2)}

_TITLE_YEAR = re.compile(
    rf"(?P<y>{_ABS_YEAR}){_S}年{_S}度?[^。\n]{{0,20}}?(?:总结|工作报告|工作情况|自评|述职)"
)


def _number(s: str) -> int | None:
    if s == "元":
        return 1
    value = chinese_number(s)
    return int(value) if value is not None and float(value).is_integer() else None


def _abs_year(s: str | None) -> int | None:
    if s is None:
        return None
    value = digit_string(s)
    return value if value is not None and 1900 <= value <= 2099 else None


def _rel_year(s: str | None, year: int | None) -> int | None:
    if s is None or year is None:
        return None
    return year - 1 if s == "去" or s.startswith("上") else year + 1 if s == "明" else year


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    """ISO text of a real calendar date (or month); None for "2月30日" or "13月"."""
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class _Years:
    """Where a mention without a written year takes its year from."""

    assessment: int | None  # relative years (去年, 明年) count from it
    fallback: int | None  # the sentence's own year if it set one, else the assessment year
    fallback_written: bool


def _written_year(m: re.Match, prefix: str, years: _Years) -> tuple[int | None, bool]:
    """The year a mention states (absolute or relative), else the fallback year."""
    written = _abs_year(m.group(prefix + "y")) or _rel_year(m.group(prefix + "rel"), years.assessment)
    return (written, True) if written is not None else (years.fallback, years.fallback_written)


# A year-only mention followed by a comma ("2022年，学会拟于3月…") sets the
# year of the dates after it; so does a full date ("2020年12月5日、12月8日").
_TOPIC_YEAR_END = re.compile(r"[^\S\n]*[，,]")
_SENTENCE_END = re.compile(r"[。；！？;!?\n]")


# "10日，中国医师协会年会在北京召开": news opens with the day alone; the month is the dateline's.
_DAY_ALONE = re.compile(rf"{_S}(?P<d>\d{{1,2}}){_S}日(?![\d月])")
# "中新网北京1月11日电", "本报讯（记者 王明）6月18日讯": the day the story was filed, not the event's.
_DATELINE_END = re.compile(rf"{_S}[电讯]")


def day_alone(text: str, month: str | None, at: int = 0) -> DateMention | None:
    """The day written alone at `at` ("10日，…"), in `month` ("2020-01") told before it."""
    m = _DAY_ALONE.match(text, at)
    if m is None or month is None:
        return None
    iso = _iso(int(month[:4]), int(month[5:7]), int(m.group("d")))
    return DateMention(m.start("d"), m.end(), iso, None, False, DAY) if iso else None


def without_dateline(text: str, dates: list[DateMention]) -> list[DateMention]:
    """`dates` with a news dateline's date set aside for the date the story itself gives.

    "中新网北京1月11日电 10日，…年会在北京召开" happened on 1月10日; a dateline is
    kept only when the story gives no date of its own.
    """
    for i, d in enumerate(dates):
        end = _DATELINE_END.match(text, d.end)
        if end is None or d.precision != DAY:
            continue
        at = end.end()
        while at < len(text) and text[at] in "）) 　":
            at += 1
        told = day_alone(text, d.date_start[:7], at)
        return ([told] if told else []) + dates[:i] + dates[i + 1:] or [d]
    return dates


def find_dates(text: str, year: int | None) -> list[DateMention]:
    """All date mentions in `text`, left to right, not overlapping (see module doc)."""
    found: list[DateMention] = []
    years = _Years(year, year, False)
    topic_end = 0
    pos = 0
    while (m := _MENTION.search(text, pos)) is not None:
        if years.fallback_written and _SENTENCE_END.search(text, topic_end, m.start()):
            years = _Years(year, year, False)  # a sentence's year ends with the sentence
        mention = _read(text, m, years)
        if mention is None:
            # A rejected match (13月, 2月30日) may still hide a date inside it.
            pos = m.start() + 1
            continue
        found.append(mention)
        pos = mention.end
        if mention.year_explicit and (
            mention.precision != YEAR or (mention.date_end is None and _TOPIC_YEAR_END.match(text, pos))
        ):
            years = _Years(year, int(mention.date_start[:4]), True)
            topic_end = pos
    return found


def _read(text: str, m: re.Match, years: _Years) -> DateMention | None:
    if m.group("yr1"):
        y1, y2 = _abs_year(m.group("yr1")), _abs_year(m.group("yr2"))
        if y1 is None or y2 is None or y2 <= y1:
            return None
        return DateMention(m.start(), m.end(), str(y1), str(y2), True, YEAR)
    if m.group("ny"):
        y, month = int(m.group("ny")), int(m.group("nm"))
        day = int(m.group("nd")) if m.group("nd") else None
        iso = _iso(y, month, day)
        return DateMention(m.start(), m.end(), iso, None, True, DAY if day else MONTH) if iso else None
    if m.group("mr1"):
        y, explicit = _written_year(m, "a", years)
        first, last = int(m.group("mr1")), int(m.group("mr2"))
        if y is None or not 1 <= first < last <= 12:
            return None
        return DateMention(m.start(), m.end(), _iso(y, first), _iso(y, last), explicit, MONTH)
    if m.group("m"):
        return _read_month_day(text, m, years)
    if m.group("season"):
        written = _abs_year(m.group("cby"))
        y, explicit = (written, True) if written else _written_year(m, "c", years)
        return _season(m, y, explicit, m.group("season")) if y else None
    if m.group("yend") or m.group("bare_end"):
        y, explicit = _written_year(m, "e", years) if m.group("yend") else (years.fallback, years.fallback_written)
        return _season(m, y, explicit, m.group("yend") or m.group("bare_end")) if y else None
    if m.group("holiday"):
        y, explicit = _written_year(m, "h", years)
        first, last = _HOLIDAY_MONTHS[m.group("holiday")[:2]]
        if y is None:
            return None
        if first == last:
            return DateMention(m.start(), m.end(), _iso(y, first), None, explicit, MONTH)
        return DateMention(m.start(), m.end(), _iso(y, first), _iso(y, last), explicit, SEASON)
    y = _abs_year(m.group("oy"))
    return DateMention(m.start(), m.end(), str(y), None, True, YEAR) if y else None


def _season(m: re.Match, y: int, explicit: bool, word: str) -> DateMention:
    if word in _SEASON_MONTHS:
        first, last = _SEASON_MONTHS[word]
    else:
        quarter = _number(word.strip("第季度 \t"))
        first, last = 3 * quarter - 2, 3 * quarter
    return DateMention(m.start(), m.end(), _iso(y, first), _iso(y, last), explicit, SEASON)


def _read_month_day(text: str, m: re.Match, years: _Years) -> DateMention | None:
    y, explicit = _written_year(m, "b", years)
    month = _number(m.group("m"))
    day = _number(m.group("d")) if m.group("d") else None
    start = _iso(y, month, day) if y is not None and month is not None else None
    if start is None:
        return None
    precision = DAY if day else PART_OF_MONTH if m.group("part") else MONTH
    end_pos, date_end = m.end(), None
    if precision in (DAY, MONTH) and (r := _RANGE_END.match(text, end_pos)) is not None:
        date_end = _range_end(r, y, month, day, years.assessment)
        end_pos = r.end() if date_end else end_pos
    if day is not None and m.group("dunit") is None and date_end is None:
        return None  # "9月11" was only taken as the start of a range ("9月11-13日")
    return DateMention(m.start(), _trim(text, m.start(), end_pos), start, date_end, explicit, precision)


def _range_end(r: re.Match, y: int, month: int, day: int | None, year: int | None) -> str | None:
    """The ISO end of a range that starts at (y, month, day), or None if `r` is not one."""
    end_year = _abs_year(r.group("y")) or _rel_year(r.group("rel"), year)
    end_month = _number(r.group("m")) if r.group("m") else None
    end_day = _number(r.group("d")) if r.group("d") else None
    if day is not None:
        if end_day is None:
            return None
        end_month = end_month or month
    elif end_month is None or end_day is not None:
        return None  # a month range needs an end month and no end day
    if end_year is None:
        end_year = y + 1 if end_month < month else y
    end = _iso(end_year, end_month, end_day)
    start = _iso(y, month, day)
    return end if end is not None and start is not None and end > start else None


def _trim(text: str, start: int, end: int) -> int:
    """Spans end at the last character of the date, never on trailing spaces."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def infer_year(text: str) -> int | None:
    """The assessment year a document is about, or None.

    A title such as "2021年度工作总结" decides; otherwise the most frequent
    written year, ties going to the earlier year (a summary of 2021 is often
    signed in January 2022, and mentions its own year more).
    """
    lines = settings().dates.title_lines
    head = "\n".join(text.split("\n", lines)[:lines])
    for source in (head, text):
        m = _TITLE_YEAR.search(source)
        if m and (y := _abs_year(m.group("y"))):
            return y
    years = Counter(int(d.date_start[:4]) for d in find_dates(text, None))
    if not years:
        return None
    return min(years, key=lambda y: (-years[y], y))
