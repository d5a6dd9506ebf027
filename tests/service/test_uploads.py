"""Bad uploads are refused whole, with a Chinese message naming the file, and leave nothing behind."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from sqlalchemy import func, select

from conftest import browser_login, sample
from fixtures.archives import GbkName, RawName
from ingest.db.models import Document, Submission


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def stored_nothing(service) -> bool:
    with service.app.state.sessions() as db:
        rows = db.scalar(select(func.count(Submission.id))) + db.scalar(select(func.count(Document.id)))
    blobs = [p for p in service.settings.blob_dir.rglob("*") if p.is_file()]
    return rows == 0 and blobs == []


@pytest.fixture
def reviewer(service):
    return service.user("reviewer1")


def test_upload_larger_than_the_limit_is_refused_with_413(start_service):
    service = start_service(max_upload_bytes=30_000)
    reviewer = service.user("reviewer1")
    response = service.upload(reviewer, sample("01_kuangye.docx"))
    assert response.status_code == 413
    assert "上传内容过大" in response.json()["detail"] and "上限" in response.json()["detail"]
    assert stored_nothing(service)


def test_body_over_the_limit_is_refused_before_it_is_read(start_service):
    service = start_service(max_upload_bytes=10_000)
    reviewer = service.user("reviewer1")
    huge = b"x" * (3 * 1024 * 1024)
    response = service.upload(reviewer, ("总结.txt", huge))
    assert response.status_code == 413 and "上限" in response.json()["detail"]
    assert stored_nothing(service)


def test_content_that_does_not_match_the_extension_is_refused_with_415(service, reviewer):
    _, pdf = sample("01_kuangye.pdf")
    response = service.upload(reviewer, ("工作总结.docx", pdf), sample("02_zuowu.docx"))
    assert response.status_code == 415
    assert "工作总结.docx" in response.json()["detail"] and "不是有效的 DOCX" in response.json()["detail"]
    assert stored_nothing(service)


def test_unsupported_type_is_refused_with_415(service, reviewer):
    response = service.upload(reviewer, ("setup.exe", b"MZ\x90\x00 binary"))
    assert response.status_code == 415 and "不支持的文件类型" in response.json()["detail"]
    assert stored_nothing(service)


def test_empty_file_is_refused_with_422(service, reviewer):
    response = service.upload(reviewer, ("总结.docx", b""))
    assert response.status_code == 422 and "总结.docx：文件为空" in response.json()["detail"]
    assert stored_nothing(service)


def test_archive_with_traversal_or_absolute_paths_is_refused_whole(service, reviewer):
    _, docx = sample("01_kuangye.docx")
    bundle = zip_of({"../../etc/cron.d/x.txt": b"x", "/etc/passwd.txt": b"y", "ok/总结.docx": docx})
    response = service.upload(reviewer, ("材料.zip", bundle))
    assert response.status_code == 422
    body = response.json()
    assert len(body["problems"]) == 2 and all("绝对路径" in p for p in body["problems"])
    assert "本次上传未保存" in body["detail"]
    assert stored_nothing(service)


def test_zip_bomb_is_refused(service, reviewer):
    bomb = zip_of({"炸弹.txt": b"0" * (50 * 1024 * 1024)})
    assert len(bomb) < 100_000
    response = service.upload(reviewer, ("材料.zip", bomb))
    assert response.status_code == 422 and "压缩炸弹" in response.json()["detail"]
    assert stored_nothing(service)


def test_archive_expanding_past_the_unpacked_limit_is_refused(start_service):
    service = start_service(max_unpacked_bytes=200_000)
    reviewer = service.user("reviewer1")
    # Incompressible-ish text: a ratio no bomb check would catch, only the total.
    members = {f"佐证{i}.txt": ("活动记录" * 20_000).encode() for i in range(3)}
    response = service.upload(reviewer, ("材料.zip", zip_of(members, zipfile.ZIP_STORED)))
    assert response.status_code == 422 and "解压后过大" in response.json()["detail"]
    assert stored_nothing(service)


def test_same_file_twice_in_one_upload_is_refused_with_409(service, reviewer):
    name, docx = sample("01_kuangye.docx")
    response = service.upload(reviewer, (name, docx), ("副本.docx", docx))
    assert response.status_code == 409 and "内容相同" in response.json()["detail"]
    assert stored_nothing(service)


def test_same_materials_uploaded_again_are_refused_with_409(service, reviewer):
    first = service.submit(reviewer, sample("01_kuangye.docx"))
    _, docx = sample("01_kuangye.docx")
    response = service.upload(reviewer, ("改了名字.docx", docx))
    assert response.status_code == 409
    assert f"提交 #{first['id']}" in response.json()["detail"] and "请勿重复上传" in response.json()["detail"]
    assert len(service.client.get("/api/submissions", headers=reviewer).json()) == 1


def test_a_society_is_not_told_about_another_societys_submission(service):
    society_a = service.user("xuehui_a", role="society", society="江西省矿业学会")
    society_b = service.user("xuehui_b", role="society", society="江西省矿业学会（冒名）")
    service.submit(society_a, sample("01_kuangye.docx"), year=2021)
    response = service.upload(society_b, sample("01_kuangye.docx"), year=2021)
    assert response.status_code == 409 and "#" not in response.json()["detail"]


def test_unknown_rubric_is_refused_with_the_known_ones(service, reviewer):
    response = service.upload(reviewer, sample("01_kuangye.docx"), rubric="hainan-2030")
    assert response.status_code == 422 and "jiangxi-2021-society" in response.json()["detail"]
    assert stored_nothing(service)


def test_missing_form_fields_are_explained_in_chinese(service, reviewer):
    response = service.client.post("/api/submissions", headers=reviewer, data={"rubric": "jiangxi-2021-society"})
    assert response.status_code == 422 and response.json()["detail"].startswith("请求参数有误")
    assert "files" in response.json()["detail"] and "缺少" in response.json()["detail"]


def test_file_names_sent_as_paths_keep_only_the_name(service, reviewer):
    _, docx = sample("01_kuangye.docx")
    submission = service.submit(reviewer, ("..\\..\\windows\\工作总结.docx", docx))
    assert [d["name"] for d in submission["documents"]] == ["工作总结.docx"]


def test_names_from_linux_macos_and_windows_archives_are_shown_as_written(service, reviewer):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        # Info-ZIP and macOS: UTF-8 without the flag (macOS spelling names decomposed); Windows: GBK.
        archive.writestr(RawName("江西省矿业学会/工作总结（定稿）.docx"), sample("01_kuangye.docx")[1])
        archive.writestr(RawName(unicodedata.normalize("NFD", "附件/Résumé会议纪要.txt")), "2021年6月18日召开理事会。".encode())
        archive.writestr(GbkName("附件/活动新闻.txt"), "2021年9月举办科普讲座。".encode())
    submission = service.submit(reviewer, ("材料.zip", stream.getvalue()))
    assert sorted(d["name"] for d in submission["documents"]) == [
        "材料.zip/江西省矿业学会/工作总结（定稿）.docx", "材料.zip/附件/Résumé会议纪要.txt", "材料.zip/附件/活动新闻.txt"]
    assert browser_login(service, "reviewer1", "reviewer1-secret").status_code == 303
    page = service.client.get(f"/submissions/{submission['id']}").text
    assert "工作总结（定稿）.docx" in page and "活动新闻.txt" in page
