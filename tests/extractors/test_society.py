"""Whose materials these are: the society named in its summary, not in a notice it received."""

from core.vocabulary import Level
from extractors.parse import parse
from extractors.society import society_level, society_name


def doc(text: str, doc_id: str):
    return parse(text.encode("utf-8"), f"{doc_id}.txt", doc_id)


def test_the_name_in_a_notice_title_is_read_without_the_words_before_it():
    notice = doc("关于召开江西省矿业学会2021年学术年会的通知\n各会员单位：\n特此通知。", "d1")
    assert society_name([notice]) == "江西省矿业学会"


def test_the_addressees_of_a_notice_are_not_the_society():
    notice = doc("关于开展科普日活动的通知\n各设区市林学会：\n请按要求开展活动。\n江西省林学会", "d1")
    assert society_name([notice]) == "江西省林学会"


def test_level_follows_the_name():
    assert society_level("江西省林学会") == Level.PROVINCIAL
    assert society_level("中华预防医学会") == Level.NATIONAL
    assert society_level("南昌市科普作家协会") == Level.MUNICIPAL


def test_the_subject_of_the_title_not_the_body_it_works_under():
    summary = doc("省预防医学会2018年工作总结\n2018年，省预防医学会在中华预防医学会、省科协、省民政厅的领导下，"
                  "认真开展学术交流。", "d1")
    assert society_name([summary]) == "省预防医学会"
    assert society_level("省预防医学会") == Level.PROVINCIAL


def test_a_science_association_is_the_society_of_its_own_news_not_its_partner():
    news = doc("市科协召开2022年学会工作会议\n发布时间：2022-03-07\n3月4日，市科协与市医学会联合召开学会工作会议。", "d1")
    assert society_name([news]) == "市科协"
    assert society_level("市科协") == Level.MUNICIPAL


def test_a_forms_name_field_beats_the_association_in_its_title():
    form = doc("江西省科协2021年度学会工作考核自评表\n学会名称：江西省作物学会\n一级指标 分值 自评分", "d1")
    assert society_name([form]) == "江西省作物学会"


def test_a_province_written_without_sheng_and_a_branch_are_read_whole():
    assert society_name([doc("山东林学会2010年度总结\n2010年，学会召开学术年会3次。", "d1")]) == "山东林学会"
    assert society_level("山东林学会") == Level.PROVINCIAL
    branch = doc("中国林学会森林培育分会2019年学术年会在长沙召开\n会议由中国林学会主办。", "d1")
    assert society_name([branch]) == "中国林学会森林培育分会"


def test_the_full_name_and_its_short_form_are_one_body():
    summary = doc("【概述】 2014年，金坛市科学技术协会（以下简称市科协）围绕中心开展科普工作。", "d1")
    assert society_name([summary]) == "金坛市科协"
