"""Activities read from summaries written the way societies write them."""

import pytest

from extractors.activities import extract_activities
from extractors.models import Level
from extractors.parse import parse


def activities_of(text: str, year: int | None = 2021):
    document = parse(text.encode("utf-8"), "工作总结.txt", "d1")
    return extract_activities([document], year, Level.PROVINCIAL)


def only(text: str, year: int | None = 2021):
    found = activities_of(text, year)
    assert len(found) == 1, [a.evidence[0].text for a in found]
    return found[0]


def test_annual_meeting_with_date_place_and_attendance():
    a = only("6月18日，学会在南昌举办2021年学术年会，参会代表300余人。")
    assert a.type == "academic_conference"
    assert a.date_start == "2021-06-18"
    assert a.participants == 300
    assert a.location == "南昌"
    assert a.level == "provincial"  # a provincial society's own annual meeting
    assert a.status == "done"
    assert "2021年学术年会" in (a.title or "")


def test_evidence_points_at_the_words_in_the_document():
    text = "一、学术交流\n学会积极开展学术交流。\n9月11日至17日，学会在九江承办全国性专题学术研讨会，参会专家120人。"
    document = parse(text.encode("utf-8"), "工作总结.txt", "d1")
    [a] = [x for x in extract_activities([document], 2021) if x.type == "academic_conference" and x.date_start]
    span = a.evidence[0]
    assert document.text[span.start : span.end] == span.text
    assert span.text.startswith("9月11日至17日") and span.document == "d1" and span.page == 1
    assert (a.date_start, a.date_end, a.level) == ("2021-09-11", "2021-09-17", "national")


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("3月5日，学会组织专家赴修水县开展科技下乡活动，培训农户200余人。", "volunteer_rural"),
        ("学会举办全省继续教育培训班两期，培训学员360人。", "training"),
        ("9月，学会组织开展全国科普日活动，线上观看达1.2万人次。", "science_popularization"),
        ("学会在南昌高新区企业建立科技服务站，开展产学研对接活动。", "tech_service"),
        ("学会报送的《关于加快我省数字农业发展的建议》获副省长批示。", "decision_consulting"),
        ("学会牵头制定《稻田综合种养技术规范》团体标准1项。", "government_function"),
        ("7月1日，学会党支部开展主题党日活动，全体党员重温入党誓词。", "party_building"),
        ("11月20日，学会召开第八届理事会第三次会议。", "governance"),
        ("学会主办的《江西农业学报》全年出版12期。", "publication"),
    ],
)
def test_type_from_the_words_real_summaries_use(sentence, expected):
    assert only(sentence).type == expected


def test_planned_negated_and_previous_year_are_told_apart():
    found = activities_of(
        "拟于12月中旬召开第九次会员代表大会。"
        "本年度未开展国际学术交流活动。"
        "2020年11月，学会在赣州举办了首届青年科学家论坛。"
        "5月20日，学会举办青年科学家论坛。"
    )
    assert [a.status for a in found] == ["planned", "negated", "previous_year", "done"]


def test_count_and_views_are_not_confused_with_attendance():
    a = only("全年共举办科普讲座15场，受益群众1.2万人次。")
    assert a.count == 15 and a.views == 12000 and a.participants is None and a.is_tally


def test_tally_covers_the_events_it_counts_and_a_repeat_is_merged():
    found = activities_of(
        "3月12日，学会在南昌举办科普讲座。\n"
        "5月20日，学会走进社区举办科普讲座。\n"
        "5月20日，学会走进社区举办健康科普讲座，听众80人。\n"
        "全年共举办科普讲座6场。"
    )
    singles = [a for a in found if not a.is_tally]
    [tally] = [a for a in found if a.is_tally]
    assert len(singles) == 2  # the 20 May lecture was told twice
    assert tally.count == 6 and sorted(tally.covers) == sorted(a.id for a in singles)
    assert any(a.participants == 80 and len(a.evidence) == 2 for a in singles)


def test_numbered_item_glued_to_a_date_is_not_march():
    a = only("3.10月15日，学会召开2021年学术年会。")
    assert a.date_start == "2021-10-15"


def test_filler_sentences_are_not_activities():
    assert activities_of("学会始终坚持服务科技工作者的宗旨。一年来，在省科协的正确领导下，各项工作取得了新进展。") == []
