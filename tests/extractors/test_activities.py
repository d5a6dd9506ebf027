"""Activities read from summaries written the way societies write them."""

import pytest

from extractors.activities import extract_activities
from core.vocabulary import Level
from extractors.parse import parse
from extractors.reader import ReaderPolicy, using
from fixtures.build import word_bytes


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
        # An honour received in a field is an award, not work in that field.
        ("11月，学会被评为2021年全国科普日活动优秀组织单位。", "award_recognition"),
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


def test_sentences_naming_kinds_of_work_are_not_activities():
    text = ("学会围绕学科前沿和全省产业发展需求，精心组织各类学术交流活动。"
            "学会充分发挥专业优势，面向青少年和社区居民开展形式多样的科普活动。")
    assert activities_of(text) == []


def test_a_follow_up_sentence_adds_to_the_event_it_goes_on_about():
    a = only("6月18日，学会在南昌召开2021年学术年会。来自全省各地的300余名会员代表参加会议。"
             "通过交流研讨，进一步明确了绿色矿山建设的思路。")
    assert a.participants == 300
    assert len(a.evidence) == 3


def test_next_years_plan_is_planned_and_shortcomings_are_not_work():
    text = ("一、学术交流\n8月5日，学会在九江举办全省青年科学家论坛，参会120人。\n"
            "二、存在的问题\n学会在承接政府职能、开展决策咨询等方面还有较大提升空间，全年仅报送调研报告1篇。\n"
            "三、2022年工作打算\n一是办好2022年学术年会，力争参会人数突破500人。")
    found = activities_of(text)
    assert [(a.type, a.status) for a in found] == [("academic_conference", "done"), ("academic_conference", "planned")]


def test_a_plan_section_of_an_earlier_year_reports_what_was_done():
    a = only("三、2021年工作计划完成情况\n6月18日，学会在南昌召开2021年学术年会，参会代表300余人。")
    assert a.status == "done"


@pytest.mark.parametrize("sentence, level", [
    ("3月11日，学会科技志愿者深入修水县溪口镇田仑村开展技术培训，参加培训的农户二百余人。", None),
    ("8月1日，学会在赣州市章贡区解放街道开展科普进社区活动，现场参与群众300余人。", None),
    ("10月1日，学会在婺源县举办世界地球日科普讲座，到场群众近80人。", None),
    ("6月13日，学会党支部组织党员集中学习“七一”重要讲话精神。", None),
    ("9月20日，学会承办全国性学术研讨会，参会代表二百余人。", "national"),
    ("11月，学会荣获2021年度全省先进学会称号。", "provincial"),
])
def test_a_level_is_read_only_for_work_the_rubrics_grade_by_level(sentence, level):
    """Conferences and awards count by level; a venue's level on other work ("社区", "县") would only mislead."""
    assert only(sentence).level == level


def test_a_conference_is_as_wide_as_its_audience_not_its_venue():
    assert only("5月20日，学会在赣州市召开2021年学术年会，参会代表200余人。").level == "provincial"
    assert only("4月下旬，学会举办赣州市心理学学术沙龙，现场参会260余人。").level == "municipal"


def test_integrity_and_alliance_work_is_found_though_it_has_no_type_of_its_own():
    found = activities_of("10月24日，学会联合南昌大学开展科学道德和学风建设宣讲活动，参加宣讲的研究生200多人。"
                          "10月20日，学会联合华东交通大学等单位发起成立江西省绿色建材产业技术创新联盟。")
    assert [a.type for a in found] == ["other", "other"]


def test_what_the_society_has_is_a_state_not_an_event():
    assert activities_of("学会成立科普志愿服务分队，现有注册科技志愿者11人。"
                         "学会积极吸纳会员，目前共有个人会员88名、单位会员22家。") == []
    # A dated founding is an event all the same.
    assert only("3月5日，学会成立科普志愿服务分队，现有注册科技志愿者11人。").date_start == "2021-03-05"


@pytest.mark.parametrize("sentence, count", [
    ("2月上旬，学会受省科技厅委托，组织专家对4个科技项目开展第三方评估。", 1),
    ("7月19日，学会开展2021年度科学技术奖评选，共评出获奖项目8项。", 1),
    ("5月15日，全国水利学术研讨会在南昌召开，来自全国20多个省（市、区）的专家学者120多人参加会议。", 1),
    ("全年共举办科普讲座15场，受众3000余人次。", 15),
    ("学会全年开展科普进校园活动6项。", 6),
])
def test_count_is_of_events_not_of_the_things_an_event_handled(sentence, count):
    assert only(sentence).count == count


@pytest.mark.parametrize("sentence, place", [
    ("1月21日，学会科普志愿者走进南昌市育新学校，开展科普进校园活动，参加活动的师生150多人。", "南昌市育新学校"),
    ("7月22日，学会组织专家到婺源县思口镇漳村举办科普讲座，到场村民80多人。", "婺源县思口镇漳村"),
    ("8月6日，学会联合吉安市白鹭洲中学举办科普展览，参观师生近200人。", "吉安市白鹭洲中学"),
    ("1月19日，学会邀请王晨教授在九江作专题科普报告，现场听众300余人。", "九江"),
    ("3月5日，学会深入开展科普进社区活动，受益群众500余人。", None),
])
def test_place_is_where_the_work_went(sentence, place):
    assert only(sentence).location == place


def test_a_table_row_and_the_narrative_are_one_event_with_the_tables_name_and_place():
    text = ("2月下旬，我会承办了全国性学术会议——第十三届全国中医治未病学术会议，参会人员360多人。\n"
            "活动名称\t时间\t地点\t规模\n第十三届全国中医治未病学术会议\t2021年2月\t樟树\t约360人\n")
    document = parse(_docx_with_table(text), "工作总结.docx", "d1")
    [a] = extract_activities([document], 2021, Level.PROVINCIAL)
    assert a.title == "第十三届全国中医治未病学术会议"
    assert a.location == "樟树" and a.level == "national" and len(a.evidence) == 2


def test_one_lecture_series_in_two_cities_on_one_day_is_two_events():
    found = activities_of("1月19日，学会承办“赣鄱科普大讲堂”，邀请王晨教授在九江作专题科普报告，现场听众300余人。"
                          "1月19日，学会承办“赣鄱科普大讲堂”，邀请邹建主任在南昌作专题科普报告，现场听众四百余人。")
    assert [a.location for a in found] == ["九江", "南昌"]


def _docx_with_table(text: str) -> bytes:
    """A Word document: the first line as a paragraph, the tab-separated rest as a table."""
    first, *rows = text.strip().split("\n")
    return word_bytes([first], [row.split("\t") for row in rows])


def test_a_sentence_reporting_two_kinds_of_work_is_two_activities():
    found = activities_of("本年度学会未承接政府委托项目，未开展决策咨询活动。")
    assert [(a.type, a.status) for a in found] == [("government_function", "negated"),
                                                   ("decision_consulting", "negated")]
    assert [a.evidence[0].text for a in found] == ["本年度学会未承接政府委托项目，", "未开展决策咨询活动。"]


def test_a_sentence_about_one_event_stays_one_activity():
    a = only("6月18日，学会在南昌召开2021年学术年会，邀请王院士作科普报告，参会代表300余人。")
    assert a.type == "academic_conference" and a.participants == 300


def test_the_sentences_date_holds_for_each_work_it_reports():
    found = activities_of("6月，学会举办全省青年学术论坛，参会120人，并组织专家开展科普进校园活动，师生300人参加。")
    assert [(a.type, a.date_start) for a in found] == [("academic_conference", "2021-06"),
                                                       ("science_popularization", "2021-06")]


@pytest.mark.parametrize("sentence, status", [
    ("11月，学会向省教育厅报送了《关于加强中小学科学教育的建议》，目前尚未收到反馈。", "done"),
    ("此外，学会计划12月举办一期科技辅导员线上沙龙，邀请专家授课。", "planned"),
    ("学会编印的《江西科技教育》因经费原因今年停刊。", "negated"),
])
def test_a_denial_is_about_work_only_when_it_names_the_work(sentence, status):
    assert only(sentence).status == status


def test_work_with_a_named_partner_is_an_activity_though_undated():
    a = only("学会联合江西交通职业技术学院开展学风建设宣讲，引导青年科技工作者恪守科研诚信。")
    assert a.type == "other" and a.status == "done"


def test_counts_per_level_score_at_their_levels_and_the_total_is_not_counted_again():
    found = activities_of("全年共主办、承办学术会议21场，其中全国性会议2场、全省性会议19场。")
    assert [(a.type, a.level, a.count, a.is_tally) for a in found] == [
        ("academic_conference", "national", 2, True), ("academic_conference", "provincial", 19, True)]


def test_a_breakdown_of_the_events_told_above_covers_them():
    found = activities_of("3月12日，学会在南昌举办全国柑橘学术研讨会，参会180人。\n"
                          "9月5日，学会在赣州举办全省园艺学术年会，参会200人。\n"
                          "以上活动中，学术会议2场，科普活动4场。")
    tallies = [a for a in found if a.is_tally]
    assert [(a.type, a.count) for a in tallies] == [("academic_conference", 2), ("science_popularization", 4)]
    assert tallies[0].covers == ["a1", "a2"]


def test_holidays_are_dates():
    assert only("国庆期间，学会在南昌市八一广场开展科普宣传活动，受益群众2000余人次。").date_start == "2021-10"


@pytest.mark.parametrize("sentence, level", [
    ("学会还选派12名青年骨干参加中华预防医学会2021年学术年会，其中3人作大会交流发言。", "national"),
    ("10月15日，学会与湖南、湖北、安徽省计算机学会在合肥共同举办第五届中部四省计算机学术交流会，会员86人参会。", "regional"),
    ("学会承担的省科协决策咨询课题《江西省数字乡村建设路径研究》已结题，研究报告报送省委网信办。", None),
])
def test_level_from_national_bodies_neighbouring_provinces_and_not_for_advice(sentence, level):
    assert only(sentence).level == level


def test_a_list_of_counted_events_is_one_activity_each_with_its_count():
    found = activities_of("9月，学会在南昌举办基层农技人员培训班4期、专题讲座6场、现场观摩2次。")
    assert [(a.evidence[0].text.rstrip("、。"), a.count) for a in found] == [
        ("9月，学会在南昌举办基层农技人员培训班4期", 4), ("专题讲座6场", 6), ("现场观摩2次", 2)]
    assert all(a.date_start == "2021-09" for a in found)


def test_a_clause_that_only_goes_on_stays_with_its_event():
    [a] = activities_of("学会举办全省继续教育培训班两期，培训学员360人、发放教材400册。")
    assert a.count == 2 and a.participants == 360


def test_news_dated_by_its_dateline_takes_the_day_the_story_gives():
    [a] = activities_of("中新网北京1月11日电 10日，中国医师协会2020年医师年会在北京召开，600余名代表参会。", 2020)
    assert a.date_start == "2020-01-10" and a.participants == 600
    [b] = activities_of("本报讯（记者 王明）6月18日讯 江西省农业工程学会在南昌举办学术年会。")
    assert b.date_start == "2021-06-18"


def test_what_is_still_to_come_and_what_came_last_year_are_not_done_this_year():
    found = activities_of("9月，学会在南昌举办学术年会。学会还将组织专家开展科普进社区活动。"
                          "学会在去年启动的“送学下乡”培训班，今年继续举办6期。学会去年举办的青年论坛反响良好。")
    assert [a.status for a in found] == ["done", "planned", "done", "previous_year"]


def test_who_attended_goes_with_the_event_before_it():
    [a] = activities_of("2021年12月25日，学会第三次会员代表大会在南昌召开。"
                        "学会理事、监事、各专委会主任委员及会员代表共283人参加了会议。")
    assert a.participants == 283 and len(a.evidence) == 2


def test_a_headline_and_the_story_under_it_are_one_event():
    text = ("首页 > 学会动态\n湖州市护理学会2019年学术年会在安吉隆重召开 200余名会员参会\n"
            "5月10日，湖州市护理学会2019年学术年会在安吉召开，来自全市的200余名会员参加会议。\n"
            "6月2日，学会在长兴举办护理质量管理培训班，学员80人。")
    document = parse(text.encode("utf-8"), "新闻.txt", "d1")
    with using(ReaderPolicy(mode="rules")):  # the rules take the headline as an event of its own
        found = extract_activities([document], 2019)
    assert [(a.type, a.date_start) for a in found] == [("academic_conference", "2019-05-10"), ("training", "2019-06-02")]
    meeting = found[0]
    assert meeting.evidence[0].text.startswith("5月10日") and meeting.evidence[1].text.startswith("湖州市护理学会")


def test_two_meetings_of_one_society_stay_two():
    found = activities_of("3月8日，湖州市护理学会召开常务理事会。\n9月12日，湖州市护理学会召开理事会。")
    assert [a.date_start for a in found] == ["2021-03-08", "2021-09-12"]
