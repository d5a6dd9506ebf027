"""Upload → background processing → stored results, and what survives a restart."""

from __future__ import annotations

import hashlib
import io
import zipfile

from sqlalchemy import delete, update

from conftest import SAMPLES, sample
from ingest.db.models import Proposal, Status, Submission
from ingest.pipeline import run_files
from rubrics.loader import load_rubric


def test_upload_answers_202_at_once_and_processing_finishes_in_the_background(service):
    reviewer = service.user("reviewer1")
    response = service.upload(reviewer, sample("01_kuangye.docx"))
    assert response.status_code == 202
    accepted = response.json()
    assert accepted["status"] in ("queued", "processing") and accepted["suggested_total"] is None
    assert response.headers["Location"] == f"/api/submissions/{accepted['id']}"
    done = service.wait(reviewer, accepted["id"])
    assert done["status"] == "done" and done["status_label"] == "已完成"
    expected = run_files([SAMPLES / "01_kuangye.docx"], "jiangxi-2021-society", None)
    assert done["suggested_total"] == expected["total"] and done["suggested_grade"] == expected["grade"]
    assert done["society"] == expected["society"] and done["year"] == expected["year"]


def test_result_is_the_contract_json(reviewed):
    service, reviewer, submission = reviewed
    result = service.client.get(f"/api/submissions/{submission['id']}/result", headers=reviewer).json()
    assert {"rubric", "year", "documents", "activities", "indicators", "total", "total_range", "grade", "audit"} <= set(result)
    assert result["total"] == submission["suggested_total"]


def test_result_reads_back_exactly_as_the_score_command_writes_it(reviewed):
    service, reviewer, submission = reviewed
    result = service.client.get(f"/api/submissions/{submission['id']}/result", headers=reviewer).json()
    assert result == run_files([SAMPLES / "01_kuangye.docx"], "jiangxi-2021-society", None)
    # The API documents it as the contract's model, not as an untyped object.
    schema = service.client.get("/openapi.json").json()
    answer = schema["paths"]["/api/submissions/{submission_id}/result"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/SubmissionResult")
    assert {"activities", "indicators", "audit"} <= set(schema["components"]["schemas"]["SubmissionResult"]["properties"])


def test_evidence_spans_point_into_the_stored_document_text(reviewed):
    service, reviewer, submission = reviewed
    document = submission["documents"][0]
    stored = service.client.get(f"/api/documents/{document['id']}/text", headers=reviewer).json()
    text = stored["text"]
    assert all(text[b["start"]:b["end"]] == b["text"] for b in stored["blocks"])
    proposals = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=reviewer).json()
    spans = [e for p in proposals for e in p["evidence"]]
    assert spans, "a real summary gives evidence"
    for span in spans:
        assert span["document"] == document["key"]
        assert text[span["start"]:span["end"]] == span["text"]
        assert span["page"] is not None


def test_download_returns_the_uploaded_bytes_under_their_name(reviewed):
    service, reviewer, submission = reviewed
    document = submission["documents"][0]
    response = service.client.get(f"/api/documents/{document['id']}/file", headers=reviewer)
    assert response.content == (SAMPLES / "01_kuangye.docx").read_bytes()
    assert "filename*=UTF-8''01_kuangye.docx" in response.headers["content-disposition"]
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_the_same_bytes_are_stored_once(service):
    reviewer = service.user("reviewer1")
    _, summary = sample("01_kuangye.docx")
    _, evidence = sample("02_zuowu.pdf")
    service.submit(reviewer, ("总结.docx", summary))
    service.submit(reviewer, ("总结.docx", summary), ("佐证.pdf", evidence))
    blobs = sorted(p.name for p in service.settings.blob_dir.rglob("*") if p.is_file())
    assert blobs == sorted({hashlib.sha256(summary).hexdigest(), hashlib.sha256(evidence).hexdigest()})


def test_zip_bundle_becomes_one_document_per_member(service):
    reviewer = service.user("reviewer1")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("矿业学会/工作总结.docx", sample("01_kuangye.docx")[1])
        archive.writestr("矿业学会/工作总结.pdf", sample("01_kuangye.pdf")[1])
    submission = service.submit(reviewer, ("材料.zip", stream.getvalue()))
    assert submission["status"] == "done"
    assert [(d["key"], d["name"], d["kind"]) for d in submission["documents"]] == [
        ("d1", "材料.zip/矿业学会/工作总结.docx", "docx"),
        ("d2", "材料.zip/矿业学会/工作总结.pdf", "pdf"),
    ]


def test_a_file_that_cannot_be_parsed_is_reported_and_the_others_processed(service):
    reviewer = service.user("reviewer1")
    broken = b"%PDF-1.7\n" + b"\x00garbage" * 200
    submission = service.submit(reviewer, sample("01_kuangye.docx"), ("坏文件.pdf", broken))
    assert submission["status"] == "done"
    good, bad = submission["documents"]
    assert good["errors"] == [] and good["kind"] == "docx"
    assert bad["errors"] and bad["kind"] is None


def test_submission_whose_files_all_fail_is_marked_failed_with_the_reason(service):
    reviewer = service.user("reviewer1")
    broken = b"%PDF-1.7\n" + b"\x00garbage" * 200
    submission = service.submit(reviewer, ("坏文件.pdf", broken))
    assert submission["status"] == "failed"
    assert submission["error"].startswith("所有文件均无法读取") and "坏文件.pdf" in submission["error"]


def test_list_filters_by_status_rubric_and_society(service):
    reviewer = service.user("reviewer1")
    first = service.submit(reviewer, sample("01_kuangye.docx"))
    second = service.submit(reviewer, sample("02_zuowu.docx"))
    assert first["society"] != second["society"]

    def ids(**query):
        return [s["id"] for s in service.client.get("/api/submissions", params=query, headers=reviewer).json()]

    assert ids() == [second["id"], first["id"]]
    assert ids(society=first["society"][2:6]) == [first["id"]]
    assert ids(status="done", rubric="jiangxi-2021-society") == [second["id"], first["id"]]
    assert ids(status="failed") == [] and ids(rubric="other") == []


def restart_after(start_service, crash) -> tuple:
    """Process a summary, stop the server, leave the state `crash(db, service)` makes, start again."""
    service = start_service()
    reviewer = service.user("reviewer1")
    submission = service.submit(reviewer, sample("01_kuangye.docx"))
    service.stop()
    with service.app.state.sessions() as db:
        crash(db, service)
        db.commit()
    restarted = start_service()
    return restarted, reviewer, submission, restarted.wait(reviewer, submission["id"])


def test_work_interrupted_by_a_restart_is_resumed(start_service):
    def mid_processing(db, service):
        # What a crash mid-processing leaves: status "processing", results partly written.
        db.execute(delete(Proposal))
        db.execute(update(Submission).values(status=Status.PROCESSING, result=None, suggested_total=None))

    restarted, reviewer, submission, resumed = restart_after(start_service, mid_processing)
    assert resumed["status"] == "done" and resumed["suggested_total"] == submission["suggested_total"]
    proposals = restarted.client.get(f"/api/submissions/{submission['id']}/proposals", headers=reviewer).json()
    assert len(proposals) == len(load_rubric("jiangxi-2021-society").indicators())


def test_work_that_keeps_interrupting_the_server_is_marked_failed(start_service):
    def interrupted_too_often(db, service):
        db.execute(update(Submission).values(status=Status.PROCESSING, attempts=service.settings.max_attempts))

    *_, failed = restart_after(start_service, interrupted_too_often)
    assert failed["status"] == "failed" and "已中断3次" in failed["error"]


def test_a_stored_file_lost_from_disk_fails_the_submission_with_its_name(start_service):
    def disk_lost(db, service):
        for blob in service.settings.blob_dir.rglob("*"):
            if blob.is_file():
                blob.unlink()
        db.execute(update(Submission).values(status=Status.QUEUED))

    *_, failed = restart_after(start_service, disk_lost)
    assert failed["status"] == "failed" and "01_kuangye.docx" in failed["error"] and "丢失" in failed["error"]
