"""Whose materials these are: the society named in its summary, not in a notice it received."""

from extractors.models import Level
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
