"""Evidence documents: what each file is, and which claimed events it shows."""

from __future__ import annotations

import pytest

from extractors.activities import extract_activities
from extractors.evidence import classify_document
from assess.match import propose
from core.vocabulary import Level
from extractors.models import assemble
from extractors.parse import parse
from fixtures.build import word_bytes
from rubrics.loader import load_rubric

SUMMARY = (
    "江西省示例学会2021年度工作总结\n"
    "一、学术交流\n"
    "6月18日，学会在南昌举办2021年学术年会，参会代表300余人。\n"
    "9月10日，学会在九江举办全省青年科学家论坛，参会代表120人。\n"
    "二、2022年工作打算\n"
    "学会拟于12月20日在赣州召开第八届理事会第三次会议。\n"
)
NOTICE = (
    "关于召开江西省示例学会2021年学术年会的通知\n"
    "各会员单位：\n"
    "经研究，定于2021年6月18日在南昌召开江西省示例学会2021年学术年会，请各单位选派代表参加。\n"
    "联系人：张三，联系电话：0791-12345678。\n"
    "特此通知。\n"
)
NEWS = (
    "示例学会学术年会在南昌召开\n"
    "本网讯（通讯员 李四）6月18日，江西省示例学会2021年学术年会在南昌召开，来自全省的300余名代表参加会议。\n"
    "11月5日，学会在宜春举办科普进校园活动，参加活动的师生200余人。\n"
)
COUNCIL_NOTICE = (
    "关于召开第八届理事会第三次会议的通知\n"
    "各位理事：\n"
    "学会定于2021年12月20日在赣州召开第八届理事会第三次会议，请准时参加。\n"
    "特此通知。\n"
)


def text_document(text: str, name: str, doc_id: str):
    return parse(text.encode("utf-8"), name, doc_id)


def docx_document(paragraphs: list[str], table: list[list[str]], name: str, doc_id: str):
    return parse(word_bytes(paragraphs, table), name, doc_id)


@pytest.mark.parametrize("document, role", [
    (lambda: text_document(SUMMARY, "2021年工作总结.txt", "d1"), "summary"),
    (lambda: text_document(NOTICE, "附件1.txt", "d2"), "notice"),
    (lambda: text_document(NEWS, "佐证材料3.txt", "d3"), "news"),
    (lambda: docx_document(["技术服务合同", "甲方：某某稀土集团有限公司", "乙方：江西省示例学会",
                            "经双方协商一致，签订本合同，合同金额人民币五万元。"], [], "佐证4.docx", "d4"), "contract"),
    (lambda: docx_document(["荣誉证书", "兹证明江西省示例学会荣获2021年度全省先进学会称号。", "特发此证。"], [],
                           "佐证5.docx", "d5"), "certificate"),
    (lambda: docx_document(["2021年学术年会签到表"], [["序号", "姓名", "单位", "签名"], ["1", "王五", "南昌大学", "王五"]],
                           "佐证6.docx", "d6"), "sign_in"),
    (lambda: assemble("d7", "现场照片.jpg", "jpg", []), "photo"),
])
def test_each_kind_of_document_is_told_apart(document, role):
    assert classify_document(document()) == role


@pytest.fixture(scope="module")
def submission():
    documents = [text_document(SUMMARY, "工作总结.txt", "d1"), text_document(NOTICE, "会议通知.txt", "d2"),
                 text_document(NEWS, "新闻报道.txt", "d3"), text_document(COUNCIL_NOTICE, "理事会通知.txt", "d4")]
    roles = {d.id: classify_document(d) for d in documents}
    return documents, extract_activities(documents, 2021, Level.PROVINCIAL, roles)


def test_a_claimed_event_is_corroborated_by_the_notice_and_the_news(submission):
    _, activities = submission
    [meeting] = [a for a in activities if a.date_start == "2021-06-18"]
    assert meeting.corroborated
    assert {span.document for span in meeting.corroboration} == {"d2", "d3"}
    assert all(span.document == "d1" for span in meeting.evidence)


def test_a_claim_without_evidence_is_not_corroborated(submission):
    _, activities = submission
    [forum] = [a for a in activities if a.date_start == "2021-09-10"]
    assert not forum.corroborated and forum.corroboration == []


def test_an_event_only_in_the_evidence_is_still_found(submission):
    _, activities = submission
    [school] = [a for a in activities if a.date_start == "2021-11-05"]
    assert school.type == "science_popularization" and school.corroborated
    assert school.evidence[0].document == "d3"


def test_a_december_plan_with_its_notice_counts_in_jiangxi(submission):
    documents, activities = submission
    [council] = [a for a in activities if a.date_start == "2021-12-20"]
    assert council.status == "planned" and council.december_evidence
    proposals, _ = propose(load_rubric("jiangxi-2021-society"), activities, documents, 2021)
    governance = next(p for p in proposals if p.id == "jx21.self.governance")
    assert council.id in governance.activities and governance.needs_review


def test_a_notice_title_without_a_date_corroborates_and_is_not_an_event_of_its_own():
    documents = [text_document(SUMMARY, "工作总结.txt", "d1"),
                 text_document("关于召开江西省示例学会2021年学术年会的通知\n各会员单位：\n请各单位于6月10日前将参会回执发送至学会秘书处。\n特此通知。\n",
                               "会议通知.txt", "d2")]
    roles = {d.id: classify_document(d) for d in documents}
    activities = extract_activities(documents, 2021, Level.PROVINCIAL, roles)
    [meeting] = [a for a in activities if a.date_start == "2021-06-18"]
    assert meeting.corroborated and meeting.corroboration[0].document == "d2"
    assert all(s.document == "d1" for a in activities for s in a.evidence)


def test_a_sign_in_sheet_with_the_date_and_place_proves_the_event():
    sheet = docx_document(["2021年学术年会签到表", "时间：2021年6月18日　地点：南昌"],
                          [["序号", "姓名", "单位", "签名"], ["1", "王五", "南昌大学", "王五"]], "签到表.docx", "d2")
    documents = [text_document(SUMMARY, "工作总结.txt", "d1"), sheet]
    roles = {d.id: classify_document(d) for d in documents}
    activities = extract_activities(documents, 2021, Level.PROVINCIAL, roles)
    [meeting] = [a for a in activities if a.date_start == "2021-06-18"]
    [forum] = [a for a in activities if a.date_start == "2021-09-10"]
    assert meeting.corroborated and meeting.corroboration[0].document == "d2"
    assert not forum.corroborated


def test_a_news_pages_byline_is_no_event():
    news = text_document("学会召开年会\n发布时间：2021年6月19日 来源：江西省示例学会秘书处\n" + NEWS.split("\n", 1)[1],
                         "新闻.txt", "d3")
    activities = extract_activities([news], 2021, Level.PROVINCIAL, {"d3": classify_document(news)})
    assert all("发布时间" not in a.evidence[0].text for a in activities)
