"""Batch pre-screening through the API and its pages: upload a year's archive, wait in the queue, poll,
download the ranked workbook and the 汇总表, open a society's result for review."""

from __future__ import annotations

import io
import json
import random
import threading
import time
import zipfile

import openpyxl
import pytest

from batch.processes import descendants, on_linux, running, wait_for
from conftest import RUBRIC, SAMPLES, browser_login, sample
from fixtures.archives import GbkName, RawName
from ingest.batch.runner import Terminated
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
        if body["status"] not in ("queued", "running") or time.monotonic() > deadline:
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
    # The notice's 汇总表, as a workbook and as a Word table.
    assert sorted(name.rsplit(".", 1)[1] for name in done["forms"]) == ["docx", "xlsx"]
    for name in done["forms"]:
        form = service.client.get(f"/api/batches/{done['id']}/forms/{name}", headers=reviewer)
        assert form.status_code == 200 and form.content[:2] == b"PK", name
    assert service.client.get(f"/api/batches/{done['id']}/forms/..%2Fstatus.json", headers=reviewer).status_code == 404


KANGFU = SAMPLES.parent / "audit" / "submissions" / "kangfu"


def test_a_society_of_a_batch_opens_as_a_reviewable_submission_seen_only_by_the_batchs_reviewer(service):
    reviewer = service.user("reviewer1")
    other = service.user("reviewer2")
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as members:
        for name in ("江西省康复医学会2021年工作总结.pdf", "康复医学会考核自评表.docx"):
            members.write(KANGFU / name, f"2021年考核材料/江西省康复医学会/{name}")
    batch_id = post_batch(service, reviewer, bundle.getvalue()).json()["id"]
    done = wait(service, reviewer, batch_id)
    assert done["status"] == "done", done
    folder = done["submissions"][0]["folder"]
    opened = service.client.post(f"/api/batches/{batch_id}/submissions", headers=reviewer, json={"folder": folder})
    assert opened.status_code == 201, opened.text
    submission = service.wait(reviewer, opened.json()["id"])
    assert submission["status"] == "done" and submission["batch_id"] == batch_id
    assert submission["society"] == "江西省康复医学会" and submission["suggested_total"] is not None
    # The 自评表 is checked against the materials, as when uploaded in its own field.
    claims = [d for d in submission["documents"] if d["self_evaluation"]]
    assert [d["name"].rsplit("/", 1)[-1] for d in claims] == ["康复医学会考核自评表.docx"]
    assert submission["claimed_total"] is not None
    proposals = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=reviewer).json()
    assert proposals and any(p["proposed_score"] for p in proposals)
    # Asked again, the same submission: a society is reviewed once per batch.
    again = service.client.post(f"/api/batches/{batch_id}/submissions", headers=reviewer, json={"folder": folder})
    assert again.status_code == 200 and again.json()["id"] == submission["id"]
    # Like its batch, seen by the reviewer who started it and by admins only.
    assert service.client.get(f"/api/submissions/{submission['id']}", headers=other).status_code == 404
    assert service.client.get("/api/submissions", headers=other).json() == []
    assert [s["id"] for s in service.client.get("/api/submissions", headers=service.admin).json()] == [submission["id"]]
    assert service.client.post(f"/api/batches/{batch_id}/submissions", headers=other,
                               json={"folder": folder}).status_code == 404
    assert service.client.post(f"/api/batches/{batch_id}/submissions", headers=reviewer,
                               json={"folder": "江西省某某学会"}).status_code == 404
    # The batch page links the society to its submission.
    assert browser_login(service, "reviewer1", "reviewer1-secret").status_code == 303
    page = service.client.get(f"/batches/{batch_id}")
    assert f'href="/submissions/{submission["id"]}"' in page.text and "预审报告（XLSX）" in page.text


def test_every_society_of_a_batch_opens_at_once_and_its_submissions_lead_back_to_the_batch(service):
    body = {"username": "reviewer1", "password": "reviewer1-secret", "role": "reviewer", "display_name": "李评审"}
    assert service.client.post("/api/users", json=body, headers=service.admin).status_code == 201
    reviewer = service.login("reviewer1", "reviewer1-secret")
    batch_id = post_batch(service, reviewer, archive(("江西省矿业学会", "01_kuangye.docx"),
                                                    ("江西省作物学会", "02_zuowu.docx"))).json()["id"]
    assert wait(service, reviewer, batch_id)["status"] == "done"
    one = service.client.post(f"/api/batches/{batch_id}/submissions", headers=reviewer, json={"folder": "江西省矿业学会"})
    assert browser_login(service, "reviewer1", "reviewer1-secret").status_code == 303
    page = service.client.get(f"/batches/{batch_id}").text
    assert "全部打开审核（1 个学会）" in page and "李评审 提交于" in page
    assert "<td>李评审</td>" in service.client.get("/batches").text

    opened = service.client.post(f"/api/batches/{batch_id}/submissions/all", headers=reviewer)
    assert opened.status_code == 200, opened.text
    ids = [s["id"] for s in opened.json()["submissions"]]
    assert len(ids) == 2 and one.json()["id"] in ids and opened.json()["skipped"] == []
    # Opened in turn by the one worker, each becomes a reviewable submission of its society.
    done = [service.wait(reviewer, i) for i in ids]
    assert {(s["status"], s["society"], s["batch_id"]) for s in done} == {
        ("done", "江西省矿业学会", batch_id), ("done", "江西省作物学会", batch_id)}
    again = service.client.post(f"/api/batches/{batch_id}/submissions/all", headers=reviewer).json()
    assert [s["id"] for s in again["submissions"]] == ids

    page = service.client.get(f"/batches/{batch_id}").text
    assert "全部打开审核" not in page and all(f'href="/submissions/{i}"' in page for i in ids)
    # The review page and the list say where a submission came from, and lead back there.
    back = f'href="/batches/{batch_id}"'
    assert back in service.client.get(f"/submissions/{ids[0]}").text
    assert service.client.get("/").text.count(back) == 2


def test_a_batch_zipped_on_linux_macos_or_windows_shows_its_societies_and_files_as_named(service):
    reviewer = service.user("reviewer1")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as bundle:
        bundle.writestr(RawName("2021年考核材料/江西省矿业学会/工作总结（定稿）.docx"), sample("01_kuangye.docx")[1])
        bundle.writestr(GbkName("2021年考核材料/江西省作物学会/工作总结.docx"), sample("02_zuowu.docx")[1])
    batch_id = post_batch(service, reviewer, stream.getvalue()).json()["id"]
    done = wait(service, reviewer, batch_id)
    assert sorted(s["folder"] for s in done["submissions"]) == ["江西省作物学会", "江西省矿业学会"]
    opened = service.client.post(f"/api/batches/{batch_id}/submissions", headers=reviewer,
                                 json={"folder": "江西省矿业学会"}).json()
    assert [d["name"].rsplit("/", 1)[-1] for d in opened["documents"]] == ["工作总结（定稿）.docx"]
    assert browser_login(service, "reviewer1", "reviewer1-secret").status_code == 303
    page = service.client.get(f"/batches/{batch_id}").text
    assert "江西省矿业学会" in page and "江西省作物学会" in page


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


def test_batches_beyond_the_configured_number_wait_in_the_queue_and_run_in_turn(start_service, monkeypatch):
    service = start_service(max_batches=1)
    reviewer = service.user("reviewer1")
    release = threading.Event()
    running: list[str] = []
    most = []

    def held(archive, rubric, report, **options):
        running.append(archive.parent.name)
        most.append(len(running))
        release.wait(30)
        running.remove(archive.parent.name)
        raise InputError(archive.name, "测试结束")

    monkeypatch.setattr(batches, "run_batch", held)
    try:
        first = post_batch(service, reviewer, archive(("江西省矿业学会", "01_kuangye.docx"))).json()["id"]
        wait_for(lambda: running, "the first batch to start", timeout=10)
        second = post_batch(service, reviewer, archive(("江西省作物学会", "02_zuowu.docx")))
        assert second.status_code == 202, second.text
        queued = service.client.get(f"/api/batches/{second.json()['id']}", headers=reviewer).json()
        assert queued["status"] == "queued" and queued["waiting"] == 0
        browser_login(service, "reviewer1", "reviewer1-secret")
        listed = service.client.get("/batches").text
        assert "排队中" in listed and "进行中" in listed
        release.set()
        assert wait(service, reviewer, first)["status"] == "failed"
        assert wait(service, reviewer, second.json()["id"])["status"] == "failed"
    finally:
        release.set()
    assert max(most) == 1


def test_a_batch_still_queued_when_the_service_stops_runs_after_the_restart(start_service, monkeypatch):
    def until_stopped(archive, rubric, report, stop, **options):
        stop.wait(30)
        raise Terminated()

    monkeypatch.setattr(batches, "run_batch", until_stopped)
    service = start_service(max_batches=1)
    reviewer = service.user("reviewer1")
    first = post_batch(service, reviewer, archive(("江西省矿业学会", "01_kuangye.docx"))).json()["id"]
    second = post_batch(service, reviewer, archive(("江西省作物学会", "02_zuowu.docx"))).json()["id"]
    wait_for(lambda: service.client.get(f"/api/batches/{first}", headers=reviewer).json()["status"] == "running",
             "the first batch to start", timeout=10)
    service.stop()

    def finished(archive, rubric, report, **options):
        raise InputError(archive.name, "测试结束")

    monkeypatch.setattr(batches, "run_batch", finished)
    restarted = start_service(max_batches=1)
    headers = restarted.login("reviewer1", "reviewer1-secret")
    interrupted = restarted.client.get(f"/api/batches/{first}", headers=headers).json()
    assert interrupted["status"] == "interrupted" and "服务停止" in interrupted["message"]
    assert wait(restarted, headers, second)["status"] == "failed"


@pytest.mark.skipif(not on_linux(), reason="reads processes from /proc")
def test_stopping_the_service_ends_a_running_batchs_workers_and_marks_it_interrupted(start_service):
    service = start_service(batch_workers=1)
    reviewer = service.user("reviewer1")
    data = archive(*[(f"江西省第{i}学会", name) for i, name in enumerate(["01_kuangye.docx", "02_zuowu.docx"] * 3)])
    batch_id = post_batch(service, reviewer, data).json()["id"]
    # The pool's worker, forked by the fork server (which, like the resource tracker, belongs to this test
    # process and lives on with it; a server's end with the server).
    workers = wait_for(lambda: _forkserver() and descendants(_forkserver()), "the batch's worker", timeout=120)
    assert service.client.get(f"/api/batches/{batch_id}", headers=reviewer).json()["status"] == "running"
    stopping = time.monotonic()
    service.stop()
    wait_for(lambda: not any(running(p) for p in workers), "the workers to end", timeout=5)
    print(f"\nservice stopped mid-batch → its {len(workers)} worker(s) gone {time.monotonic() - stopping:.2f} s later")
    status = json.loads((service.settings.data_dir / "batches" / batch_id / "status.json").read_text())
    assert status["status"] == "interrupted" and "服务停止" in status["message"]


def _forkserver() -> int | None:
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)


def test_an_office_document_handed_in_as_a_batch_archive_is_refused(service):
    reviewer = service.user("reviewer1")
    refused = post_batch(service, reviewer, sample("01_kuangye.docx")[1], "2021年材料.zip")
    assert refused.status_code == 422, refused.text
    # Not three "societies" customXml, docProps and word.
    assert refused.json()["detail"].startswith("2021年材料.zip：这是一份 Word 文档（DOCX），不是各学会材料的压缩包")
    assert kept_files(service) == []


def test_a_batch_is_seen_by_the_reviewer_who_started_it_and_by_admins(start_service, held_batches):
    service = start_service(max_batches=2)
    owner = service.user("reviewer1")
    other = service.user("reviewer2")
    batch_id = post_batch(service, owner, archive(("江西省矿业学会", "01_kuangye.docx"))).json()["id"]
    assert service.client.get(f"/api/batches/{batch_id}", headers=owner).json()["created_by"] == "reviewer1"
    assert service.client.get(f"/api/batches/{batch_id}", headers=service.admin).status_code == 200
    for method, path in [("GET", ""), ("GET", "/report"), ("POST", "/resume"), ("GET", "/forms/预审报告-汇总表.xlsx"),
                         ("POST", "/submissions")]:
        response = service.client.request(method, f"/api/batches/{batch_id}{path}", headers=other,
                                          json={"folder": "江西省矿业学会"} if method == "POST" else None)
        assert response.status_code == 404 and "不存在或无权查看" in response.json()["detail"], path
    assert [b["id"] for b in service.client.get("/api/batches", headers=owner).json()] == [batch_id]
    assert [b["id"] for b in service.client.get("/api/batches", headers=service.admin).json()] == [batch_id]
    assert service.client.get("/api/batches", headers=other).json() == []
    # The pages say the same; a society account has none.
    service.user("society1", role="society", society="江西省矿业学会")
    for username, path, code in [
        ("reviewer2", f"/batches/{batch_id}", 404), ("reviewer2", f"/batches/{batch_id}/progress", 404),
        ("society1", "/batches", 403), ("reviewer1", f"/batches/{batch_id}/progress", 200),
    ]:
        browser_login(service, username, f"{username}-secret")
        page = service.client.get(path)
        assert page.status_code == code, (username, path)
    assert "<html" not in page.text and "进行中" in page.text and "批量预审</a>" not in page.text


def test_a_batch_archive_has_its_own_upload_limit_above_the_single_upload_cap(start_service, held_batches):
    service = start_service(max_upload_bytes=1 * MB, max_batch_upload_bytes=4 * MB)
    reviewer = service.user("reviewer1")
    # A year's archive: well over what one upload may carry, scanned attachments that do not compress.
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("江西省矿业学会/工作总结.docx", sample("01_kuangye.docx")[1])
        bundle.writestr("江西省矿业学会/活动照片.jpg", random.randbytes(3 * MB))
    assert post_batch(service, reviewer, big.getvalue()).status_code == 202
    assert service.upload(reviewer, ("活动照片.zip", big.getvalue())).status_code == 413
    kept = kept_files(service)
    bigger = io.BytesIO()
    with zipfile.ZipFile(bigger, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("江西省矿业学会/工作总结.docx", sample("01_kuangye.docx")[1])
        bundle.writestr("江西省矿业学会/活动照片.jpg", random.randbytes(5 * MB))
    refused = post_batch(service, reviewer, bigger.getvalue())
    assert refused.status_code == 413
    assert refused.json()["detail"] == "批量预审压缩包过大，上传上限 4 MB，请分成几个压缩包分别预审"
    assert kept_files(service) == kept
