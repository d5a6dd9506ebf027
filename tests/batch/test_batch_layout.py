"""Recognising how a year's submissions were laid out, in folders, archives and flat file sets."""

import shutil
import zipfile

import pytest

from batch_materials import NAMES, SAMPLES, meeting_notice, notice, self_evaluation, society_folder
from ingest.batch.layout import discover
from assess.materials import kind_by_content, kind_by_name
from ingest.batch.run import run_batch
from ingest.batch.sources import read_sources
from ingest.files import InputError
from extractors.parse import parse

KUANGYE, ZUOWU = NAMES["01_kuangye"], NAMES["02_zuowu"]


class GbkName(zipfile.ZipInfo):
    # What Windows' built-in zipper writes: GBK bytes, no UTF-8 flag.
    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits


def zip_folder(folder, target, *, wrapper: str, extra: dict[str, bytes] | None = None):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.writestr(GbkName(f"{wrapper}/{path.relative_to(folder).as_posix()}"), path.read_bytes())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def labels(layout) -> dict[str, list[str]]:
    return {g.label: sorted(s.name.rsplit("/", 1)[-1] for s in g.sources) for g in layout.groups}


def test_archive_with_a_folder_per_society_and_hostile_members(tmp_path):
    inbox = tmp_path / "inbox"
    society_folder(inbox, "01_kuangye")
    society_folder(inbox, "02_zuowu", omit=("汇总表", "佐证材料"))
    notice(inbox)
    archive = zip_folder(inbox, tmp_path / "2021年学会考核材料.zip", wrapper="2021年学会考核材料", extra={
        f"2021年学会考核材料/{KUANGYE}/../../../etc/cron.d/evil": b"* * * * * root rm -rf /",
        f"2021年学会考核材料/{ZUOWU}/佐证材料/bomb.txt": b"0" * (20 * 1024 * 1024),
        "/abs/passwd": b"root:x:0:0",
    })
    layout = discover(archive)
    assert layout.kind == "folders"
    assert set(labels(layout)) == {KUANGYE, ZUOWU}
    assert [name for name, _ in layout.ignored] == ["2021年学会考核材料/关于开展2021年度省级学会考核的通知.txt"]
    # A member in nobody's folder is reported for the batch; the others travel with their society.
    assert [(e.name, "绝对路径" in e.reason) for e in layout.errors] == [("/abs/passwd", True)]

    report = run_batch(archive, "jiangxi-2021-society", tmp_path / "out" / "报告.xlsx", workers=1)
    by_society = {r.society: r for r in report.rows}
    kuangye = [f["message"] for f in by_society[KUANGYE].flags if f["kind"] == "unreadable"]
    assert len(kuangye) == 1 and "“..”路径" in kuangye[0] and "evil" in kuangye[0]
    zuowu = [f["message"] for f in by_society[ZUOWU].flags if f["kind"] == "unreadable"]
    assert len(zuowu) == 1 and "bomb.txt" in zuowu[0] and "压缩炸弹" in zuowu[0]
    # The Windows (GBK) member names read back as Chinese, and the summaries were scored.
    assert any(f["name"].endswith("2021年工作总结.docx") for f in by_society[KUANGYE].record["files"])
    assert by_society[KUANGYE].total > 50
    assert [e["name"] for e in report.to_json()["ignored"]] == [
        "2021年学会考核材料/关于开展2021年度省级学会考核的通知.txt", "/abs/passwd"]


def test_flat_files_are_grouped_by_the_society_in_their_names(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "01_kuangye.docx", inbox / f"{KUANGYE}2021年工作总结.docx")
    self_evaluation(inbox / "矿业学会-自评表.xlsx", KUANGYE)
    meeting_notice(inbox / f"【{KUANGYE}】佐证材料.docx", KUANGYE)
    shutil.copy(SAMPLES / "02_zuowu.pdf", inbox / "2021年度江西省作物学会工作总结.pdf")
    # Named only by what it is: whose it is must be read from its content.
    self_evaluation(inbox / "自评表.xlsx", ZUOWU)
    shutil.copy(SAMPLES / "02_zuowu.pdf", inbox / "扫描件001.pdf")
    (inbox / "扫描件002.txt").write_text("（空白页）", encoding="utf-8")
    layout = discover(inbox, society_of=lambda source: _society_named_in(source))
    assert layout.kind == "flat"
    assert labels(layout) == {
        KUANGYE: sorted([f"{KUANGYE}2021年工作总结.docx", "矿业学会-自评表.xlsx", f"【{KUANGYE}】佐证材料.docx"]),
        ZUOWU: sorted(["2021年度江西省作物学会工作总结.pdf", "自评表.xlsx", "扫描件001.pdf"]),
    }
    assert layout.ignored == [("扫描件002.txt", "无法从文件名或内容判断属于哪个学会")]


def _society_named_in(source):
    from ingest.batch.run import _society_in_content

    return _society_in_content(source)


def test_a_folder_of_society_zips_is_one_submission_per_zip(tmp_path):
    inbox = tmp_path / "inbox"
    staging = tmp_path / "staging"
    inbox.mkdir()
    for stem in ("01_kuangye", "02_zuowu"):
        folder = society_folder(staging, stem, omit=("汇总表",))
        zip_folder(folder, inbox / f"{folder.name}.zip", wrapper=folder.name)
    layout = discover(inbox)
    assert layout.kind == "bundles"
    group = next(g for g in layout.groups if g.label == KUANGYE)
    files, errors = read_sources(group.sources)
    assert errors == []
    prefix = f"{KUANGYE}.zip/{KUANGYE}/"
    assert all(f.name.startswith(prefix) for f in files)
    assert {kind_by_name(f.name[len(prefix):]): f.name[len(prefix):] for f in files} == {
        "工作总结": f"{KUANGYE}2021年工作总结.docx",
        "自评表": "2021年度学会工作考核自评表.xlsx",
        "佐证材料": "佐证材料/关于召开2021年学术年会的通知.docx",
    }


def test_unreadable_batches_are_named(tmp_path):
    broken = tmp_path / "材料.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="材料.zip: 压缩包损坏"):
        discover(broken)
    with pytest.raises(InputError, match="不存在"):
        discover(tmp_path / "没有这个文件夹")
    (tmp_path / "空").mkdir()
    with pytest.raises(InputError, match="没有找到任何学会的材料"):
        discover(tmp_path / "空")
    # A 工作总结 sent where the archive belongs: its parts (customXml, docProps, word) are no societies.
    summary = tmp_path / "2021年材料.zip"
    shutil.copyfile(SAMPLES / "01_kuangye.docx", summary)
    with pytest.raises(InputError, match="这是一份 Word 文档（DOCX），不是各学会材料的压缩包"):
        discover(summary)


def test_material_kinds_from_folders_names_and_content(tmp_path):
    assert kind_by_name("佐证材料/学术年会总结.docx") == "佐证材料"  # the society's own sorting wins
    assert kind_by_name("江西省科协2021年度学会工作考核自评表.xlsx") == "自评表"
    assert kind_by_name("2021年度省级学会主要工作情况汇总表.docx") == "汇总表"
    assert kind_by_name("活动照片1.jpg") == "佐证材料"
    assert kind_by_name("江西省矿业学会.docx") is None
    table = self_evaluation(tmp_path / "表.xlsx", KUANGYE)
    assert kind_by_content(parse(table.read_bytes(), "表.xlsx", "d1")) == "自评表"
    summary = (SAMPLES / "01_kuangye.docx").read_bytes()
    assert kind_by_content(parse(summary, "江西省矿业学会.docx", "d2")) == "工作总结"


def test_an_archive_of_society_archives(tmp_path):
    staging = tmp_path / "staging"
    bundles = {}
    for stem in ("01_kuangye", "02_zuowu"):
        folder = society_folder(staging, stem, omit=("汇总表", "佐证材料"))
        bundles[folder.name] = zip_folder(folder, tmp_path / f"{folder.name}.zip", wrapper=folder.name).read_bytes()
    archive = tmp_path / "全部材料.zip"
    with zipfile.ZipFile(archive, "w") as outer:
        for name, data in bundles.items():
            outer.writestr(f"{name}.zip", data)
    layout = discover(archive)
    assert layout.kind == "bundles" and sorted(g.label for g in layout.groups) == sorted(bundles)
    files, errors = read_sources(next(g for g in layout.groups if g.label == ZUOWU).sources)
    assert errors == []
    assert sorted(f.name for f in files) == sorted(
        f"{ZUOWU}.zip/{ZUOWU}/{n}" for n in [f"{ZUOWU}2021年工作总结.docx", "2021年度学会工作考核自评表.xlsx"])
