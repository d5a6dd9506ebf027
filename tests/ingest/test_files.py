"""Reading inputs: one bad file or hostile bundle never stops the others."""

import io
import zipfile

from ingest import files
from ingest.files import read_inputs


def make_zip(path, members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_missing_and_folder_are_named_with_the_reason(tmp_path):
    good = tmp_path / "总结.txt"
    good.write_text("2021年工作总结", encoding="utf-8")
    found, errors = read_inputs([tmp_path / "缺失.docx", tmp_path, good])
    assert [f.name for f in found] == ["总结.txt"]
    assert [str(e) for e in errors] == ["缺失.docx: 文件不存在", f"{tmp_path.name}: 这是一个文件夹，不是文件"]


def test_zip_bundle_is_opened_into_members_in_order(tmp_path):
    bundle = make_zip(tmp_path / "材料.zip", {"b/佐证.txt": "乙".encode(), "a/总结.txt": "甲".encode()})
    found, errors = read_inputs([bundle])
    assert errors == []
    assert [(f.name, f.data.decode()) for f in found] == [("材料.zip/a/总结.txt", "甲"), ("材料.zip/b/佐证.txt", "乙")]


def test_traversal_and_absolute_members_are_refused_but_others_kept(tmp_path):
    bundle = make_zip(
        tmp_path / "坏.zip", {"../../etc/passwd": b"x", "/abs/path.txt": b"y", "ok/总结.txt": "正文".encode()}
    )
    found, errors = read_inputs([bundle])
    assert [f.name for f in found] == ["坏.zip/ok/总结.txt"]
    assert len(errors) == 2
    assert all("绝对路径" in e.reason for e in errors)


def test_zip_bomb_is_refused_by_compression_ratio(tmp_path):
    bundle = make_zip(tmp_path / "炸弹.zip", {"big.txt": b"0" * (20 * 1024 * 1024)})
    found, errors = read_inputs([bundle])
    assert found == []
    assert "压缩炸弹" in errors[0].reason and errors[0].name == "炸弹.zip/big.txt"


def test_member_that_lies_about_its_size_is_cut_off(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_COMPRESSION_RATIO", 10**9)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    bundle = make_zip(tmp_path / "大.zip", {"big.txt": b"a" * 5000})
    found, errors = read_inputs([bundle])
    assert found == [] and "大小上限" in errors[0].reason


def test_nested_archives_are_refused(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("x.txt", "内层")
    bundle = make_zip(tmp_path / "外层.zip", {"inner.zip": inner.getvalue()})
    found, errors = read_inputs([bundle])
    assert found == [] and "嵌套" in errors[0].reason


def test_gbk_member_names_from_windows_archives_are_decoded(tmp_path):
    class GbkName(zipfile.ZipInfo):
        # What Windows' built-in zipper writes: GBK bytes, no UTF-8 flag.
        def _encodeFilenameFlags(self):
            return self.filename.encode("gbk"), self.flag_bits

    path = tmp_path / "win.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(GbkName("工作总结.txt"), "正文".encode())
    found, _ = read_inputs([path])
    assert found[0].name == "win.zip/工作总结.txt"


def test_corrupt_zip_is_named(tmp_path):
    bundle = tmp_path / "坏包.zip"
    bundle.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    found, errors = read_inputs([bundle])
    assert found == []
    assert [str(e) for e in errors] == ["坏包.zip: 压缩包损坏，无法打开"]
