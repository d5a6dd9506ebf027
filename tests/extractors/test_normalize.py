"""Normalisation removes what PDF extraction and Word typing add, and nothing Chinese rules rely on."""

import pytest

from extractors.normalize import normalize_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("2024 年 10 月", "2024年10月"),  # the gap between CJK and digits
        ("一 级 指 标", "一级指标"),  # 分散对齐 table header
        ("20 24 年度工作总结", "2024年度工作总结"),  # a letter-spaced number in a title
        ("参会代表 3 0 0 余人", "参会代表300余人"),
        ("\u3000\u3000学会召开理事会。", "学会召开理事会。"),  # first-line indent typed as ideographic spaces
        ("“科创中国” 试点城市", "“科创中国”试点城市"),
    ],
)
def test_stray_spaces_in_chinese_text_are_deleted(raw, clean):
    assert normalize_text(raw) == clean


def test_spaces_between_latin_words_and_numbers_are_kept_single():
    assert normalize_text("IEEE   Transactions on  Automation 2021 年") == "IEEE Transactions on Automation 2021年"


def test_chinese_punctuation_is_kept_full_width_but_digits_and_letters_become_ascii():
    assert normalize_text("（一）共举办２０２１年ＡＩ论坛：参会１２０人，效果良好。") == "（一）共举办2021年AI论坛：参会120人，效果良好。"


def test_pdf_font_artefacts_are_mapped_to_plain_characters():
    # Kangxi radicals stand in for common characters; private-use glyphs are symbol-font bullets.
    assert normalize_text("\ue06c\u2f00、\u2f08才举荐") == "一、人才举荐"


def test_line_breaks_are_kept_and_empty_lines_dropped():
    assert normalize_text(" 学术年会 \r\n\r\n 科普日\t") == "学术年会\n科普日"


def test_zero_width_and_no_break_spaces():
    assert normalize_text("学\u200b会\ufeff年会 No.\u00a05") == "学会年会No. 5"
