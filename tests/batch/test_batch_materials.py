"""What each of a society's files is, as the batch sorts them: the same reading of roles as scoring's."""

from __future__ import annotations

from batch_materials import SAMPLES
from core.vocabulary import DocumentRole
from extractors.evidence import classify_document, role_by_name
from extractors.parse import parse
from fixtures.build import word_bytes
from ingest.batch.work import sort_materials
from ingest.files import InputFile

# A society's news of its year-end meeting: its headline says 工作总结, but it reports an event.
NEWS = [
    "江西省矿业学会召开2021年度工作总结会",
    "本网讯（通讯员 王明）近日，江西省矿业学会在南昌召开2021年度工作总结会，学会理事、会员代表共60余人参加会议。",
    "会上，学会秘书长通报了全年工作开展情况，与会代表就学会发展进行了交流。",
    "编辑：李华　来源：江西省矿业学会　浏览次数：126",
]


def test_a_news_report_of_the_summary_meeting_is_evidence_not_a_second_summary():
    files = [
        InputFile("江西省矿业学会.docx", (SAMPLES / "01_kuangye.docx").read_bytes()),
        InputFile("学会动态1.docx", word_bytes(NEWS, [])),
    ]
    materials = sort_materials(files, "", [])
    assert materials.kinds == {"江西省矿业学会.docx": "工作总结", "学会动态1.docx": "佐证材料"}
    # Scoring reads the same file the same way: news that backs the events of the summary.
    assert classify_document(parse(files[1].data, files[1].name, "d2")) == DocumentRole.NEWS


def test_a_file_named_as_news_or_sorted_into_a_photo_folder_is_evidence_by_its_name():
    files = [
        InputFile("新闻稿.docx", word_bytes(NEWS, [])),
        InputFile("活动图片/年会现场.docx", word_bytes(["2021年学术年会现场"], [])),
    ]
    materials = sort_materials(files, "", [])
    assert materials.kinds == {"新闻稿.docx": "佐证材料", "活动图片/年会现场.docx": "佐证材料"}
    assert [role_by_name(f.name) for f in files] == [DocumentRole.NEWS, DocumentRole.PHOTO]


def test_each_file_of_a_society_keeps_one_id_from_sorting_to_its_results():
    files = [
        InputFile("江西省矿业学会.docx", (SAMPLES / "01_kuangye.docx").read_bytes()),
        InputFile("汇总表.docx", "不是 Word 文件".encode()),
        InputFile("学会动态1.docx", word_bytes(NEWS, [])),
    ]
    failures = []
    materials = sort_materials(files, "", failures)
    # The 汇总表 read here to be checked, and refused, is known by its own number; the pipeline reads the rest under theirs.
    assert [(f.id, f.name) for f in failures] == [("d2", "汇总表.docx")]
    assert [(f.id, f.name) for f in materials.evidence] == [("d1", "江西省矿业学会.docx"), ("d3", "学会动态1.docx")]
