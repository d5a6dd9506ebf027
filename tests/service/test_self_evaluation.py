"""The 自评表 in the service: uploaded apart from the evidence, audited by the pipeline, shown to reviewers."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import run_files

AUDIT = Path(__file__).resolve().parents[2] / "corpora" / "audit" / "submissions" / "kangfu"
SUMMARY = AUDIT / "江西省康复医学会2021年工作总结.pdf"
TABLE = AUDIT / "康复医学会考核自评表.docx"


def upload_with_table(service, headers, table: tuple[str, bytes] = (TABLE.name, TABLE.read_bytes())):
    return service.client.post(
        "/api/submissions", headers=headers, files=[("files", (SUMMARY.name, SUMMARY.read_bytes())),
                                                    ("self_evaluation", table)],
        data={"rubric": "jiangxi-2021-society"},
    )


def test_the_self_evaluation_is_audited_and_kept_apart_from_the_evidence(service):
    reviewer = service.user("reviewer1")
    response = upload_with_table(service, reviewer)
    assert response.status_code == 202, response.text
    done = service.wait(reviewer, response.json()["id"])
    assert done["status"] == "done", done
    expected = run_files([SUMMARY], "jiangxi-2021-society", None, TABLE)
    summary, table = done["documents"]
    assert not summary["self_evaluation"] and table["self_evaluation"] and table["name"] == TABLE.name
    assert table["kind"] == "docx" and table["errors"] == []
    # The claims do not count as their own evidence: the suggested total is the summary's alone.
    assert done["suggested_total"] == expected["total"] == run_files([SUMMARY], "jiangxi-2021-society", None)["total"]
    assert done["claimed_total"] == expected["self_evaluation"]["claimed_total"] is not None
    assert [(f["indicator"], f["kind"], f["self_score"], f["supported"]) for f in done["audit"]] == [
        (f["indicator"], f["kind"], f["self_score"], f["supported"]) for f in expected["audit"]
    ]
    assert done["audit"], "the kangfu table under-claims against its summary"
    stored = service.client.get(f"/api/documents/{table['id']}/text", headers=reviewer).json()["text"]
    for finding in done["audit"]:
        assert finding["kind_label"] and finding["label"] and "自评" in finding["message"]
        for span in finding["evidence"]:
            assert span["document"] == table["key"] and stored[span["start"]:span["end"]] == span["text"]
    proposals = service.client.get(f"/api/submissions/{done['id']}/proposals", headers=reviewer).json()
    assert all(e["document"] == summary["key"] for p in proposals for e in p["evidence"])


def test_the_review_page_shows_the_self_evaluation_audit_in_chinese(service):
    reviewer = service.user("reviewer1")
    done = service.wait(reviewer, upload_with_table(service, reviewer).json()["id"])
    page = service.client.get(f"/submissions/{done['id']}", headers=reviewer).text
    assert "自评核查" in page and "自评总分 <strong id=\"claimed-total\">" in page
    in_the_form = [f for f in done["audit"] if f["evidence"]]
    assert in_the_form
    for finding in in_the_form:
        span = finding["evidence"][0]
        anchor = f"ev-{span['document']}-{span['start']}-{span['end']}"
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    # Findings on the notice's own rules (缺少汇总表) have no cell, but are shown all the same.
    for finding in done["audit"]:
        assert finding["message"] in page


def test_a_bundle_or_an_unreadable_file_is_refused_as_the_self_evaluation(service):
    reviewer = service.user("reviewer1")
    bundle = upload_with_table(service, reviewer, ("自评表.zip", b"PK\x05\x06" + b"\0" * 18))
    assert bundle.status_code == 415 and "自评表.zip：自评表须为单个文件" in bundle.json()["detail"]
    empty = upload_with_table(service, reviewer, ("自评表.docx", b""))
    assert empty.status_code == 422 and "自评表.docx：文件为空" in empty.json()["detail"]
    assert service.client.get("/api/submissions", headers=reviewer).json() == []
