"""Dates as society summaries write them: spans, ISO values, years and precision."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.dates import DateMention, find_dates, infer_year
from extractors.numerals import chinese_number, digit_string

YEAR = 2021


def read(text: str, year: int | None = YEAR) -> list[tuple[str, str, str | None, bool, str]]:
    """Each mention as (its words, start, end, year written?, precision)."""
    return [(text[d.start : d.end], d.date_start, d.date_end, d.year_explicit, d.precision) for d in find_dates(text, year)]


# (sentence, expected mentions) — sentences as real 工作总结 write them.
CASES = [
    ("6月18日，学会在南昌举办2021年学术年会，参会代表300余人。",
     [("6月18日", "2021-06-18", None, False, "day"), ("2021年", "2021", None, True, "year")]),
    ("2021年6月18日，学会召开六届三次理事会。", [("2021年6月18日", "2021-06-18", None, True, "day")]),
    ("2021年元月13日，学会召开会员日座谈会。", [("2021年元月13日", "2021-01-13", None, True, "day")]),
    ("会议于2021.3.5在南昌召开。", [("2021.3.5", "2021-03-05", None, True, "day")]),
    ("发文日期：2021-03-05", [("2021-03-05", "2021-03-05", None, True, "day")]),
    ("2021/3/5 学会秘书处", [("2021/3/5", "2021-03-05", None, True, "day")]),
    ("2021年3月，学会启动会员发展工作。", [("2021年3月", "2021-03", None, True, "month")]),
    ("3月份，学会完成年检。", [("3月份", "2021-03", None, False, "month")]),
    ("12月份召开常务理事会。", [("12月份", "2021-12", None, False, "month")]),
    ("9月11日至17日，学会组织开展全国科普日活动。",
     [("9月11日至17日", "2021-09-11", "2021-09-17", False, "day")]),
    ("9月11日—17日，学会开展科普日活动。", [("9月11日—17日", "2021-09-11", "2021-09-17", False, "day")]),
    ("9月11日-9月13日举办培训班。", [("9月11日-9月13日", "2021-09-11", "2021-09-13", False, "day")]),
    ("9月11日~13日举办培训班。", [("9月11日~13日", "2021-09-11", "2021-09-13", False, "day")]),
    ("9月11-13日举办培训班。", [("9月11-13日", "2021-09-11", "2021-09-13", False, "day")]),
    ("9月28日至10月2日，学会开展科技志愿服务。",
     [("9月28日至10月2日", "2021-09-28", "2021-10-02", False, "day")]),
    ("11月30日至12月2日，举办继续教育培训班。",
     [("11月30日至12月2日", "2021-11-30", "2021-12-02", False, "day")]),
    ("2021年9月28日至10月2日，学会开展活动。",
     [("2021年9月28日至10月2日", "2021-09-28", "2021-10-02", True, "day")]),
    ("12月28日至1月3日举办冬季培训。", [("12月28日至1月3日", "2021-12-28", "2022-01-03", False, "day")]),
    ("二〇二一年十月十三日", [("二〇二一年十月十三日", "2021-10-13", None, True, "day")]),
    ("二〇二一年十月", [("二〇二一年十月", "2021-10", None, True, "month")]),
    ("十月十三日，学会召开理事会。", [("十月十三日", "2021-10-13", None, False, "day")]),
    ("十二月一日至三日举办研修班。", [("十二月一日至三日", "2021-12-01", "2021-12-03", False, "day")]),
    ("2019 年 10 月，学会完成换届。", [("2019 年 10 月", "2019-10", None, True, "month")]),
    ("上半年，学会举办学术活动5场。", [("上半年", "2021-01", "2021-06", False, "season")]),
    ("下半年，学会重点开展科普工作。", [("下半年", "2021-07", "2021-12", False, "season")]),
    ("第三季度，学会完成团体标准立项。", [("第三季度", "2021-07", "2021-09", False, "season")]),
    ("2021年第一季度", [("2021年第一季度", "2021-01", "2021-03", True, "season")]),
    ("年初，学会制定了全年工作计划。", [("年初", "2021-01", "2021-02", False, "season")]),
    ("年底前完成会员信息更新。", [("年底", "2021-11", "2021-12", False, "season")]),
    ("2021年底，学会会员达到1200人。", [("2021年底", "2021-11", "2021-12", True, "season")]),
    ("6月中旬，学会赴井冈山开展主题党日活动。", [("6月中旬", "2021-06", None, False, "part_of_month")]),
    ("12月上旬，学会召开常务理事会。", [("12月上旬", "2021-12", None, False, "part_of_month")]),
    ("截至11月底，共主办学术活动三场。", [("11月底", "2021-11", None, False, "part_of_month")]),
    ("6月中下旬，学会开展调研。", [("6月中下旬", "2021-06", None, False, "part_of_month")]),
    ("2021年3-5月，学会开展系列讲座。", [("2021年3-5月", "2021-03", "2021-05", True, "month")]),
    ("2020年12月至2021年1月，学会开展调研。",
     [("2020年12月至2021年1月", "2020-12", "2021-01", True, "month")]),
    ("2019—2021年，学会连续三年获评优秀。", [("2019—2021年", "2019", "2021", True, "year")]),
    # OCR: a dash read as "一", "〇" read as the letter O
    ("9月11日一17日，学会组织开展全国科普日活动。",
     [("9月11日一17日", "2021-09-11", "2021-09-17", False, "day")]),
    ("二O二一年十月", [("二O二一年十月", "2021-10", None, True, "month")]),
    # list numbers glued to dates: item 3, 15 October — not 10 March, not 3.1
    ("3.10月15日，学会召开第九次会员代表大会。", [("10月15日", "2021-10-15", None, False, "day")]),
    ("2、5月20日，学会举办科技工作者日活动。", [("5月20日", "2021-05-20", None, False, "day")]),
    ("（3）6月，学会完成换届。", [("6月", "2021-06", None, False, "month")]),
    ("3.10-12月，学会开展科技下乡。", [("10-12月", "2021-10", "2021-12", False, "month")]),
    # year mentions, and what is not a date
    ("江西省某某学会2021年度工作总结", [("2021年度", "2021", None, True, "year")]),
    ("学会召开2021年会员代表大会。", [("2021年", "2021", None, True, "year")]),
    ("学会举办2021年会，参会代表200人。", [("2021", "2021", None, True, "year")]),
    ("5月份以来，学会开展党史学习教育。", [("5月份", "2021-05", None, False, "month")]),
    ("学会第十届理事会历时3个月完成10余次调研。", []),
    ("会议于14:30开始，持续3小时。", []),
    ("会议通知已印发，定于12月18日召开第九次会员代表大会。", [("12月18日", "2021-12-18", None, False, "day")]),
    ("学会筹集经费2021.5万元。", []),
    ("10月初步完成课题申报。", [("10月", "2021-10", None, False, "month")]),
    ("每年年底召开理事会。", []),
    ("2月30日", []),
    ("电话：0791-86123456", []),
    # years relative to the assessment year, and a sentence that sets its own year
    ("去年12月，学会启动了换届筹备。", [("去年12月", "2020-12", None, True, "month")]),
    ("今年上半年，学会举办讲座4场。", [("今年上半年", "2021-01", "2021-06", True, "season")]),
    ("2022年，学会拟于3月在赣州举办学术会议。",
     [("2022年", "2022", None, True, "year"), ("3月", "2022-03", None, True, "month")]),
    ("2020年12月5日、12月8日，学会两次召开座谈会。",
     [("2020年12月5日", "2020-12-05", None, True, "day"), ("12月8日", "2020-12-08", None, True, "day")]),
    ("2020年12月学会完成换届。6月18日召开年会。",
     [("2020年12月", "2020-12", None, True, "month"), ("6月18日", "2021-06-18", None, False, "day")]),
    ("学会于2020年成立，6月18日召开年会。",
     [("2020年", "2020", None, True, "year"), ("6月18日", "2021-06-18", None, False, "day")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_find_dates(text: str, expected: list) -> None:
    assert read(text) == expected


def test_spans_index_the_sentence() -> None:
    text = "3.10月15日，学会召开会议。"
    [mention] = find_dates(text, YEAR)
    assert mention == DateMention(2, 8, "2021-10-15", None, False, "day")


def test_dates_without_a_year_need_the_assessment_year() -> None:
    text = "6月18日，学会举办2021年6月20日至21日的培训班。"
    assert read(text, None) == [("2021年6月20日至21日", "2021-06-20", "2021-06-21", True, "day")]
    assert read("去年12月", None) == []


def test_a_range_that_ends_before_it_starts_is_two_dates() -> None:
    assert read("9月11日至9月10日") == [
        ("9月11日", "2021-09-11", None, False, "day"),
        ("9月10日", "2021-09-10", None, False, "day"),
    ]


def test_stray_spaces_from_pdf_text() -> None:
    assert read("2021 年 6 月 18 日 至 20 日，学会") == [
        ("2021 年 6 月 18 日 至 20 日", "2021-06-18", "2021-06-20", True, "day")
    ]


@given(month=st.integers(1, 12), data=st.data(), chinese=st.booleans())
def test_any_valid_month_and_day_round_trips(month: int, data: st.DataObject, chinese: bool) -> None:
    day = data.draw(st.integers(1, calendar.monthrange(YEAR, month)[1]))
    written = f"{_cn(month)}月{_cn(day)}日" if chinese else f"{month}月{day}日"
    text = f"{written}，学会召开理事会。"
    assert find_dates(text, YEAR) == [DateMention(0, len(written), f"{YEAR}-{month:02d}-{day:02d}", None, False, "day")]


# The range ends by the 28th, a day every month has.
@given(year=st.integers(1990, 2035), month=st.integers(1, 12), first=st.integers(1, 25), length=st.integers(1, 3))
def test_any_day_range_keeps_year_and_month_of_its_start(year: int, month: int, first: int, length: int) -> None:
    text = f"{year}年{month}月{first}日至{first + length}日举办培训班"
    [mention] = find_dates(text, YEAR)
    assert (mention.date_start, mention.date_end) == (
        f"{year}-{month:02d}-{first:02d}",
        f"{year}-{month:02d}-{first + length:02d}",
    )
    assert text[mention.start : mention.end] == text[: text.index("举")]


def _cn(n: int) -> str:
    """Chinese numerals as dates spell them (十三, 二十一)."""
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else digits[tens] + "十") + (digits[ones] if ones else "")


def test_chinese_numeral_helper_agrees_with_the_dates() -> None:
    assert [chinese_number(_cn(n)) for n in (1, 10, 13, 20, 31)] == [1, 10, 13, 20, 31]
    assert digit_string("二〇二一") == digit_string("二O二一") == 2021


SUMMARY = """江西省某某学会2021年度工作总结
2021年，在省科协的正确领导下，学会各项工作稳步推进。
一、学术交流
6月18日，学会在南昌举办2021年学术年会。
二、2022年工作打算
2022年，学会拟于3月举办青年学术沙龙，5月举办科普讲座。
江西省某某学会
2022年1月10日"""


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (SUMMARY, 2021),
        ("江西省某某学会2020年工作总结\n2021年1月5日", 2020),
        ("关于报送2021年度考核自评材料的说明\n江西省某某学会2021年度工作报告", 2021),
        # no title: the most frequent written year; ties go to the earlier year
        ("学会于2021年3月5日召开理事会，2021年6月18日举办年会。\n2022年1月10日", 2021),
        ("2021年3月5日召开理事会。\n2022年1月10日", 2021),
        ("6月18日，学会举办年会。", None),
    ],
)
def test_infer_year(text: str, year: int | None) -> None:
    assert infer_year(text) == year
