"""A society account sees kaohe's proposals and the scores only once a reviewer releases the result,
and may not upload again and again to tune its wording against the matcher."""

from __future__ import annotations

from sqlalchemy import select

from conftest import browser_login, sample
from ingest.db.models import Submission, User, utcnow

NOT_RELEASED = "评审结果尚未发布"


def _society_submission(service):
    society = service.user("xuehui", role="society", society="江西省矿业学会")
    submission = service.submit(society, sample("01_kuangye.docx"), year=2021)
    assert submission["status"] == "done", submission
    return society, submission


def _results(submission_id: int) -> list[str]:
    parts = ("proposals", "score", "score.xlsx", "result", "entries")
    return [f"/api/submissions/{submission_id}/{part}" for part in parts]


def test_a_society_sees_no_proposals_or_totals_until_a_reviewer_releases_the_result(service):
    society, submission = _society_submission(service)
    reviewer = service.user("reviewer1")
    assert submission["suggested_total"] is None and submission["audit"] == []
    for path in _results(submission["id"]):
        response = service.client.get(path, headers=society)
        assert response.status_code == 403 and NOT_RELEASED in response.json()["detail"], path
    listed = service.client.get("/api/submissions", headers=society).json()
    assert [(s["suggested_total"], s["reviewed_total"]) for s in listed] == [(None, None)]
    proposals = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=reviewer).json()
    assert service.client.get(f"/api/proposals/{proposals[0]['id']}", headers=society).status_code == 403

    early = service.client.post(f"/api/submissions/{submission['id']}/release", headers=reviewer)
    assert early.status_code == 409 and f"尚有{len(proposals)}项指标待审核" in early.json()["detail"]
    assert service.client.post(f"/api/submissions/{submission['id']}/release", headers=society).status_code == 403
    for proposal in proposals:
        decided = service.client.post(f"/api/proposals/{proposal['id']}/confirm", json={"version": proposal["version"]},
                                      headers=reviewer)
        assert decided.status_code == 200
    released = service.client.post(f"/api/submissions/{submission['id']}/release", headers=reviewer)
    assert released.status_code == 200 and released.json()["released_by"] == "reviewer1"

    for path in _results(submission["id"]):
        assert service.client.get(path, headers=society).status_code == 200, path
    seen = service.client.get(f"/api/submissions/{submission['id']}", headers=society).json()
    assert seen["suggested_total"] > 0 and seen["reviewed_total"] == seen["suggested_total"]


def test_the_society_pages_say_the_result_is_not_released(service):
    _, submission = _society_submission(service)
    assert browser_login(service, "xuehui", "xuehui-secret").status_code == 303
    page = service.client.get(f"/submissions/{submission['id']}").text
    assert "评审结果发布后" in page and 'id="review"' not in page and "建议：" not in page
    listing = service.client.get("/").text
    assert "评审结果尚未发布" in listing and "score.xlsx" not in listing
    assert "考核年度（必填）" in service.client.get("/upload").text


def test_a_deployment_may_show_proposals_before_release(start_service):
    service = start_service(society_sees_proposals=True)
    society, submission = _society_submission(service)
    assert submission["suggested_total"] > 0
    assert service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=society).status_code == 200


def test_society_uploads_are_limited_per_rubric_and_year_and_end_with_the_release(start_service):
    service = start_service(society_uploads=2)
    society, submission = _society_submission(service)
    no_year = service.upload(society, sample("02_zuowu.docx"))
    assert no_year.status_code == 422 and "须填写考核年度" in no_year.json()["detail"]
    assert service.upload(society, sample("03_kangfu.docx"), year=2021).status_code == 202
    third = service.upload(society, sample("02_zuowu.docx"), year=2021)
    assert third.status_code == 429 and "已上传2次，达到上限" in third.json()["detail"]
    assert service.upload(society, sample("02_zuowu.docx"), year=2022).status_code == 202

    with service.app.state.sessions() as db:  # released as by the reviewers' button
        row = db.get(Submission, submission["id"])
        row.released_at, row.released_by = utcnow(), db.scalar(select(User).where(User.username == "admin"))
        db.commit()
    after = service.upload(society, sample("04_tujian.docx"), year=2021)
    assert after.status_code == 409 and "2021年度的评审结果已发布" in after.json()["detail"]
