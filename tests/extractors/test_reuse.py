"""Photos and files two societies both sent, found from their fingerprints alone."""

from __future__ import annotations

from corpora.reuse_benchmark import altered, photo
from core.span import Span
from core.vocabulary import ActivityType
from extractors.models import Activity
from extractors.parse import parse
from extractors.reuse import find_reuse, fingerprint


def _year(**files: list[tuple[str, bytes]]) -> dict[str, dict]:
    return {society: fingerprint(society, sent, [], []) for society, sent in files.items()}


def test_a_photo_resaved_resized_and_cropped_is_found_with_both_files():
    original = photo(1)
    year = _year(江西省矿业学会=[("佐证材料/年会照片.jpg", original)],
                 江西省地质学会=[("佐证材料/活动现场.jpg", altered(original, scale=0.6, crop=0.05, quality=60))])
    [found] = find_reuse(year)
    assert found.kind == "image"
    assert {found.first.file, found.second.file} == {"佐证材料/年会照片.jpg", "佐证材料/活动现场.jpg"}
    assert found.similarity >= 0.85


def test_the_same_file_under_two_names_is_one_finding_not_an_image_too():
    original = photo(2)
    [found] = find_reuse(_year(江西省矿业学会=[("照片.jpg", original)], 江西省地质学会=[("现场.jpg", original)]))
    assert (found.kind, found.similarity) == ("file", 1.0)


def test_different_photos_are_not_reuse():
    year = _year(**{f"江西省第{i}学会": [("照片.jpg", photo(10 + i))] for i in range(40)})
    assert find_reuse(year) == []


def test_a_picture_every_society_sends_is_common_not_reuse():
    logo = photo(3)
    year = _year(**{f"江西省第{i}学会": [(f"{i}.jpg", altered(logo, scale=0.9 - i / 50))] for i in range(5)})
    assert find_reuse(year) == []


def _summaries(**paragraphs: list[str]) -> dict[str, dict]:
    """Each society's 工作总结 (plain text, one paragraph a line), fingerprinted."""
    year = {}
    for n, (society, lines) in enumerate(paragraphs.items()):
        name = f"{society}/2021年工作总结.txt"
        document = parse("\n\n".join(lines).encode(), name, f"d{n}")
        year[society] = fingerprint(society, [], [document], [])
    return year


TEMPLATE = "{date}，学会党支部组织党员赴方志敏纪念馆开展“学党史、悟思想”主题党日活动，{n}名党员参加。大家纷纷表示，要把学习成果转化为推动学会事业发展的强大动力。"


def test_a_copied_paragraph_is_found_though_many_societies_tell_their_own_work_in_its_phrasing():
    copied = TEMPLATE.format(date="2021年4月17日", n=34)
    own = {f"江西省第{i}学会": [TEMPLATE.format(date=f"2021年{i + 1}月{i + 3}日", n=12 + i)] for i in range(8)}
    year = _summaries(江西省作物学会=[copied], 江西省化学化工学会=[copied], **own)
    [found] = find_reuse(year)
    assert found.kind == "paragraph" and {found.first.society, found.second.society} == {"江西省作物学会", "江西省化学化工学会"}


def test_paragraphs_alike_but_for_a_date_within_the_month_or_a_named_meeting_are_not_reuse():
    year = _summaries(
        江西省作物学会=[TEMPLATE.format(date="2021年7月上旬", n=20),
                  "2021年10月1日，由学会主办的“赣鄱作物创新发展论坛”在上饶召开，来自省内高校、科研院所和企业的专家学者及会员代表120人参加会议。"],
        江西省化学化工学会=[TEMPLATE.format(date="2021年7月下旬", n=20),
                     "2021年10月1日，由学会主办的“赣鄱化工创新发展论坛”在上饶召开，来自省内高校、科研院所和企业的专家学者及会员代表120人参加会议。"],
    )
    assert find_reuse(year) == []


def _claims(statements: dict[str, tuple[str, str, str, str]]) -> dict[str, dict]:
    """Each society's summary telling one event (date, place, title as kaohe read them, and its statement)."""
    year = {}
    for society, (day, place, title, text) in statements.items():
        span = Span(document="d1", start=0, end=len(text), text=text)
        event = Activity(id="a1", type=ActivityType.ACADEMIC_CONFERENCE, title=title, date_start=day, location=place,
                         evidence=[span])
        year[society] = fingerprint(society, [], [], [event])
    return year


def test_one_day_place_and_name_told_with_different_attendance_is_two_events():
    event = ("2021-06-18", "南昌", "赣鄱气象创新发展论坛")
    text = "6月18日，学会在南昌举办“赣鄱气象创新发展论坛”，{}名会员代表参加。"
    year = _claims({"江西省气象学会": (*event, text.format(120)), "江西省土木建筑学会": (*event, text.format(80))})
    assert find_reuse(year) == []
    year |= _claims({"江西省林学会": (*event, "6月18日，学会在南昌举办“赣鄱气象创新发展论坛”，取得良好成效。")})
    assert {f.kind for f in find_reuse(year)} == {"event"}


def test_a_title_that_is_a_clause_naming_the_place_identifies_no_event():
    text = "5月25日，学会组织专家深入江铃汽车股份有限公司开展产学研对接，就{}等技术难题提出解决方案。"
    year = _claims({s: ("2021-05-25", "江铃汽车股份有限公司", "专家深入江铃汽车股份有限公司开展", text.format(topic))
                    for s, topic in (("江西省自动化学会", "工业互联网"), ("江西省机械工程学会", "智能制造"))})
    assert find_reuse(year) == []
