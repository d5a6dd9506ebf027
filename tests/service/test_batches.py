"""Batch pre-screening through the API: upload a year's archive, poll, download the ranked workbook."""

from __future__ import annotations

import io
import json
import time
import zipfile

import openpyxl
import pytest

from conftest import RUBRIC, sample


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


@pytest.fixture
def files_only(service):
    if not service.settings.db_url.startswith("sqlite"):
        pytest.skip("a batch keeps its state in files beside its archive: the database backend plays no part")
    return service


def test_a_years_archive_is_pre_screened_ranked_and_downloadable(files_only):
    service = files_only
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


def test_an_interrupted_batch_is_reported_and_resumed(files_only):
    service = files_only
    reviewer = service.user("reviewer1")
    jobs = service.client.app.state.batches
    # What a service that stopped mid-batch leaves: the archive and a status saying it was running.
    folder = jobs.root / "0123456789abcdef"
    folder.mkdir(parents=True)
    (folder / "材料.zip").write_bytes(archive(("江西省矿业学会", "01_kuangye.docx")))
    (folder / "status.json").write_text(json.dumps({"id": folder.name, "rubric": RUBRIC, "year": None,
                                                    "created_by": "reviewer1", "status": "running"}))
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
