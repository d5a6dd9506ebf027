"""Batch pre-screening through the API: upload a year's archive, poll, download the ranked workbook."""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile

import openpyxl
import pytest

from conftest import RUBRIC, sample
from ingest.files import InputError
from ingest.service import batches
from ingest.service.settings import MB


def archive(*societies: tuple[str, str]) -> bytes:
    """A zip with one folder per society, each holding its summary."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for folder, summary in societies:
            name, data = sample(summary)
            bundle.writestr(f"{folder}/工作总结.docx", data)
    return buffer.getvalue()


def wait(service, headers: dict, batch_id: str, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = service.client.get(f"/api/batches/{batch_id}", headers=headers).json()
        if body["status"] != "running" or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


def test_a_years_archive_is_pre_screened_ranked_and_downloadable(service):
    reviewer = service.user("reviewer1")
    upload = service.client.post("/api/batches", headers=reviewer, data={"rubric": RUBRIC},
                                 files={"archive": ("2021年材料.zip", archive(("江西省矿业学会", "01_kuangye.docx"),
                                                                          ("江西省作物学会", "02_zuowu.docx")))})
    assert upload.status_code == 202, upload.text
    done = wait(service, reviewer, upload.json()["id"])
    assert done["status"] == "done", done
    assert done["counts"]["submissions"] == 2 and done["counts"]["failed"] == 0
    ranked = sorted(done["submissions"], key=lambda s: s["rank"])
    assert [s["rank"] for s in ranked] == [1, 2] and ranked[0]["total"] >= ranked[1]["total"]
    assert all(s["grade"] for s in ranked)
    report = service.client.get(f"/api/batches/{done['id']}/report", headers=reviewer)
    assert report.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(report.content))
    assert workbook.sheetnames[0] == "总览" and len(workbook.sheetnames) >= 5


def test_an_interrupted_batch_is_reported_and_resumed(service):
    reviewer = service.user("reviewer1")
    jobs = service.client.app.state.batches
    # What a service that stopped mid-batch leaves: the archive and a status saying it was running.
    folder = jobs.root / "0123456789abcdef"
    folder.mkdir(parents=True)
    (folder / "材料.zip").write_bytes(archive(("江西省矿业学会", "01_kuangye.docx")))
    owner = service.client.get("/api/auth/me", headers=reviewer).json()["id"]
    (folder / "status.json").write_text(json.dumps({"id": folder.name, "rubric": RUBRIC, "year": None,
                                                    "created_by": "reviewer1", "owner_id": owner, "status": "running"}))
    found = service.client.get(f"/api/batches/{folder.name}", headers=reviewer).json()
    assert found["status"] == "interrupted" and "可继续" in found["message"]
    assert service.client.post(f"/api/batches/{folder.name}/resume", headers=reviewer).status_code == 202
    assert wait(service, reviewer, folder.name)["status"] == "done"


def test_what_is_not_an_archive_or_not_allowed_is_refused(service):
    reviewer = service.user("reviewer1")
    society = service.user("society1", role="society", society="江西省矿业学会")
    not_zip = service.client.post("/api/batches", headers=reviewer, data={"rubric": RUBRIC},
                                  files={"archive": ("材料.zip", b"%PDF-1.4 not an archive")})
    assert not_zip.status_code == 415 and "ZIP" in not_zip.json()["detail"]
    unknown = service.client.post("/api/batches", headers=reviewer, data={"rubric": "nowhere-1999"},
                                  files={"archive": ("材料.zip", archive(("某学会", "01_kuangye.docx")))})
    assert unknown.status_code == 422
    forbidden = service.client.post("/api/batches", headers=society, data={"rubric": RUBRIC},
                                    files={"archive": ("材料.zip", archive(("某学会", "01_kuangye.docx")))})
    assert forbidden.status_code == 403
    assert service.client.get("/api/batches/ffffffffffffffff", headers=reviewer).status_code == 404


def post_batch(service, headers: dict, data: bytes, name: str = "材料.zip"):
    return service.client.post("/api/batches", headers=headers, data={"rubric": RUBRIC}, files={"archive": (name, data)})


def kept_files(service) -> list:
    root = service.app.state.batches.root
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_small_archive_that_unpacks_beyond_the_limit_is_refused_and_nothing_kept(start_service):
    service = start_service(max_unpacked_bytes=1 * MB)
    reviewer = service.user("reviewer1")
    zeros = bytes(3 * MB)
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("江西省矿业学会/工作总结.txt", zeros)
    # The same inside a society's own bundle: counted by what the bundle holds.
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("工作总结.txt", zeros)
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("江西省矿业学会.zip", inner.getvalue())
    for data in (plain.getvalue(), nested.getvalue()):
        assert len(data) < 100 * 1024
        refused = post_batch(service, reviewer, data, "2021年材料.zip")
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"] == "2021年材料.zip：压缩包解压后超过 1 MB 的上限，已拒绝；请分成几个压缩包分别预审"
    assert kept_files(service) == []


@pytest.fixture
def held_batches(monkeypatch):
    """Batches that run until released (then fail at once): what runs at the same time is up to the test."""
    release = threading.Event()

    def held(archive, rubric, report, **options):
        release.wait(30)
        raise InputError(archive.name, "测试结束")

    monkeypatch.setattr(batches, "run_batch", held)
    yield release
    release.set()


def test_batches_beyond_the_configured_number_at_once_are_refused_until_one_ends(start_service, held_batches):
    service = start_service(max_batches=1)
    reviewer = service.user("reviewer1")
    first = post_batch(service, reviewer, archive(("江西省矿业学会", "01_kuangye.docx")))
    assert first.status_code == 202
    kept = kept_files(service)
    busy = post_batch(service, reviewer, archive(("江西省作物学会", "02_zuowu.docx")))
    assert busy.status_code == 429 and int(busy.headers["Retry-After"]) > 0
    assert busy.json()["detail"] == "已有 1 个批量预审正在进行（同时最多 1 个），请等其完成后再提交"
    assert kept_files(service) == kept
    held_batches.set()
    assert wait(service, reviewer, first.json()["id"])["status"] == "failed"
    assert post_batch(service, reviewer, archive(("江西省作物学会", "02_zuowu.docx"))).status_code == 202


def test_a_batch_is_seen_by_the_reviewer_who_started_it_and_by_admins(start_service, held_batches):
    service = start_service(max_batches=2)
    owner = service.user("reviewer1")
    other = service.user("reviewer2")
    batch_id = post_batch(service, owner, archive(("江西省矿业学会", "01_kuangye.docx"))).json()["id"]
    assert service.client.get(f"/api/batches/{batch_id}", headers=owner).json()["created_by"] == "reviewer1"
    assert service.client.get(f"/api/batches/{batch_id}", headers=service.admin).status_code == 200
    for method, path in [("GET", ""), ("GET", "/report"), ("POST", "/resume")]:
        response = service.client.request(method, f"/api/batches/{batch_id}{path}", headers=other)
        assert response.status_code == 404 and "不存在或无权查看" in response.json()["detail"], path
