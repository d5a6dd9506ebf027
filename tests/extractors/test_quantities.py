"""Counts of people, views, events and money as society summaries write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.numerals import chinese_number
from extractors.quantities import Quantity, find_quantities


def read(text: str) -> list[tuple[str, int, str, bool, str]]:
    """Each quantity as (its words, value, unit, approximate?, kind)."""
    return [(text[q.start : q.end], q.value, q.unit, q.approx, q.kind) for q in find_quantities(text)]


CASES = [
    ("6月18日，学会在南昌举办2021年学术年会，参会代表300余人。", [("300余人", 300, "人", True, "participants")]),
    ("全年共举办科普讲座15场，受益群众1.2万人次。",
     [("15场", 15, "场", False, "count"), ("1.2万人次", 12000, "人次", False, "views")]),
    ("来自全省高校的专家学者三百余人参加会议。", [("三百余人", 300, "人", True, "participants")]),
    ("学会全年举办继续教育培训班两期。", [("两期", 2, "期", False, "count")]),
    ("共举办学术活动十二场。", [("十二场", 12, "场", False, "count")]),
    ("全年召开常务理事会五次以上。", [("五次以上", 5, "次", True, "count")]),
    ("服务群众近200人。", [("近200人", 200, "人", True, "participants")]),
    ("参会人员约1500人。", [("约1500人", 1500, "人", True, "participants")]),
    ("现场参与群众2000多人。", [("2000多人", 2000, "人", True, "participants")]),
    ("科普日期间，受益群众3万余人次。", [("3万余人次", 30000, "人次", True, "views")]),
    ("会员总数达1,200人。", [("1,200人", 1200, "人", False, "participants")]),
    ("吸引上千人参加。", [("上千人", 1000, "人", True, "participants")]),
    ("到场村民逾千人。", [("逾千人", 1000, "人", True, "participants")]),
    ("参会人员超过500人。", [("超过500人", 500, "人", True, "participants")]),
    ("培训学员200-300人。", [("200-300人", 200, "人", True, "participants")]),
    ("参会人数1000人左右。", [("1000人左右", 1000, "人", True, "participants")]),
    ("线上线下覆盖10余万人次。", [("10余万人次", 100000, "人次", True, "views")]),
    ("学会举办了一场报告会。", [("一场", 1, "场", False, "count")]),
    ("召开一次理事会。", [("一次", 1, "次", False, "count")]),
    ("共举办学术活动十二场次。", [("十二场次", 12, "场次", False, "count")]),
    # views: online audiences, and 人次 that is not attendance
    ("现场参会180多人，线上直播观看达5600人次。",
     [("180多人", 180, "人", True, "participants"), ("5600人次", 5600, "人次", False, "views")]),
    ("直播观看六千八百余人次。", [("六千八百余人次", 6800, "人次", True, "views")]),
    ("线上观看人数2.3万。", [("2.3万", 23000, "", False, "views")]),
    ("推文阅读量10万+。", [("10万+", 100000, "", True, "views")]),
    ("讲座吸引3000余人在线观看。", [("3000余人", 3000, "人", True, "views")]),
    ("网页浏览量5000余次。", [("5000余次", 5000, "次", True, "views")]),
    ("线上线下参与1.8万人次。", [("1.8万人次", 18000, "人次", False, "views")]),
    ("线上举办讲座3次。", [("3次", 3, "次", False, "count")]),
    ("在线直播3场。", [("3场", 3, "场", False, "count")]),
    # 人次 that is attendance
    ("一年来，共组织学术交流活动6场，累计参会3000余人次。",
     [("6场", 6, "场", False, "count"), ("3000余人次", 3000, "人次", True, "participants")]),
    ("参加交流的科技工作者3000余人次。", [("3000余人次", 3000, "人次", True, "participants")]),
    # people named in a role are not the audience
    ("学会组织11名专家组成科技志愿服务队，服务群众八十余人。",
     [("11名", 11, "名", False, "people"), ("八十余人", 80, "人", True, "participants")]),
    ("首批入站专家7名。", [("7名", 7, "名", False, "people")]),
    ("学会表彰6名优秀科技工作者和六个先进集体。",
     [("6名", 6, "名", False, "people"), ("六个", 6, "个", False, "count")]),
    ("邀请5位专家作专题报告。", [("5位", 5, "位", False, "people")]),
    ("36名党员参加。", [("36名", 36, "名", False, "participants")]),
    ("组织30名代表参加全国学术会议。", [("30名", 30, "名", False, "participants")]),
    # counts of other things
    ("服务企业30家。", [("30家", 30, "家", False, "count")]),
    ("发放科普资料800余份。", [("800余份", 800, "份", True, "count")]),
    ("收到学术论文86篇，评选优秀论文20篇。", [("86篇", 86, "篇", False, "count"), ("20篇", 20, "篇", False, "count")]),
    ("出版2部专著。", [("2部", 2, "部", False, "count")]),
    ("提出建议10条。", [("10条", 10, "条", False, "count")]),
    ("下设3个分会场。", [("3个", 3, "个", False, "count")]),
    ("拨付经费10万元，资助5000元。",
     [("10万元", 100000, "元", False, "money"), ("5000元", 5000, "元", False, "money")]),
    ("培训72学时，为期3天。", [("72学时", 72, "学时", False, "other"), ("3天", 3, "天", False, "other")]),
    # not quantities
    ("定于12月18日召开第九次会员代表大会。", []),
    ("学会第3期《简报》出刊。", []),
    ("第十届理事会第八次会议", []),
    ("“十四五”期间，学会将加强建设。", []),
    ("学习贯彻党的二十大精神和党的十九届六中全会精神。", []),
    ("3.10月15日，学会召开会议。", []),
    ("联系电话：0791-86123456，5G基站建设。", []),
    ("会员增长3%，经费增长百分之五。", []),
    ("一次性补助，一是加强党建，二是服务会员。", []),
    ("服务“一带一路”，增强“四个意识”，做到“两个维护”。", []),
    ("落实“三会一课”制度，开展一对一帮扶。", []),
    ("2021年，学会历时3个月。", []),
    ("参会人员数十人，讲座两三场，十几人。", []),
    ("科普进入千家万户，开设百家讲坛，入选千人计划。", []),
    ("统一场地，进一步加强管理。", []),
    ("会员增长3个百分点。", []),
    ("选举产生了新一届理事会，下一轮换届，上一次会议。", []),
    ("线上一次讲座。", [("一次", 1, "次", False, "count")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_find_quantities(text: str, expected: list) -> None:
    assert read(text) == expected


def test_spans_index_the_sentence() -> None:
    text = "全年共举办科普讲座15场，受益群众1.2万人次。"
    assert find_quantities(text) == [
        Quantity(9, 12, 15, "场", False, "count"),
        Quantity(17, 23, 12000, "人次", False, "views"),
    ]


def test_spaces_inside_a_quantity_from_pdf_text() -> None:
    assert read("参会代表 300 余人") == [("300 余人", 300, "人", True, "participants")]


UNITS = {"人": "participants", "人次": "views", "场": "count", "期": "count", "项": "count", "篇": "count"}


@given(n=st.integers(1, 99_999), unit=st.sampled_from(sorted(UNITS)), more=st.sampled_from(["", "余", "多"]))
def test_any_arabic_count_round_trips(n: int, unit: str, more: str) -> None:
    written = f"{n}{more}{unit}"
    assert read(f"全年共{written}。") == [(written, n, unit, bool(more), UNITS[unit])]


@given(n=st.integers(1, 9_999), unit=st.sampled_from(sorted(UNITS)))
def test_any_chinese_count_round_trips(n: int, unit: str) -> None:
    import cn2an

    written = cn2an.an2cn(n) + unit
    assert read(f"全年共{written}。") == [(written, n, unit, False, UNITS[unit])]


@given(n=st.integers(1, 99), unit=st.sampled_from(sorted(UNITS)))
def test_an_ordinal_is_never_a_count(n: int, unit: str) -> None:
    assert read(f"学会举办第{n}{unit}活动。") == []


@pytest.mark.parametrize(
    ("written", "value"),
    [("三百", 300), ("1.2万", 12000), ("两", 2), ("200", 200), ("1,200", 1200), ("千", 1000), ("十二", 12),
     ("0.5", 0.5), ("两三", None), ("一二", None), ("数十", None), ("", None)],
)
def test_chinese_number(written: str, value: float | None) -> None:
    assert chinese_number(written) == value


@pytest.mark.parametrize("text, value, kind", [
    ("参加人员百余人", 100, "participants"),
    ("培训80人次", 80, "participants"),
    ("接待观众1200余人次", 1200, "participants"),
    ("受益群众1.2万人次", 12000, "views"),
    ("1人获评全省优秀科技工作者", 1, "people"),
    ("增补副理事长1名", 1, "people"),
])
def test_people_present_are_told_from_people_reached_and_people_named(text, value, kind):
    [q] = find_quantities(text)
    assert (q.value, q.kind) == (value, kind)
