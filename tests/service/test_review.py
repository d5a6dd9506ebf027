"""Confirm, adjust, reject: the score counts only what reviewers accepted, and every change is on the trail."""

from __future__ import annotations

import threading

import pytest

from ingest.db.models import Proposal, User
from ingest.service.errors import ServiceError
from ingest.service.review import Change, decide


def proposals_of(service, headers, submission) -> list[dict]:
    return service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=headers).json()


def scored(proposals) -> list[dict]:
    return [p for p in proposals if p["proposed_score"] > 0]


def score_of(service, headers, submission) -> dict:
    return service.client.get(f"/api/submissions/{submission['id']}/score", headers=headers).json()


def act(service, headers, proposal, action, **body):
    return service.client.post(
        f"/api/proposals/{proposal['id']}/{action}", json={"version": proposal["version"], **body}, headers=headers
    )


def test_nothing_counts_before_review(reviewed):
    service, reviewer, submission = reviewed
    score = score_of(service, reviewer, submission)
    assert score["total"] == 0 and score["pending"] == len(score["indicators"]) and score["reviewed"] == 0
    assert score["suggested_total"] == submission["suggested_total"] > 0
    assert all(i["explanation"].startswith("尚未审核") for i in score["indicators"])


def test_confirming_a_proposal_adds_its_suggested_score(reviewed):
    service, reviewer, submission = reviewed
    proposal = scored(proposals_of(service, reviewer, submission))[0]
    response = act(service, reviewer, proposal, "confirm")
    assert response.status_code == 200
    body = response.json()
    assert body["proposal"]["decision"] == "confirmed" and body["proposal"]["version"] == proposal["version"] + 1
    assert body["score"]["total"] == proposal["proposed_score"]
    line = next(i for i in body["score"]["indicators"] if i["id"] == proposal["indicator_id"])
    assert line["score"] == proposal["proposed_score"] and line["explanation"] == proposal["explanation"]
    listed = service.client.get(f"/api/submissions/{submission['id']}", headers=reviewer).json()
    assert listed["reviewed_total"] == proposal["proposed_score"]


def test_confirming_everything_gives_the_suggested_total_and_grade(reviewed):
    service, reviewer, submission = reviewed
    for proposal in proposals_of(service, reviewer, submission):
        assert act(service, reviewer, proposal, "confirm").status_code == 200
    score = score_of(service, reviewer, submission)
    assert score["total"] == submission["suggested_total"] and score["grade"] == submission["suggested_grade"]
    assert score["pending"] == 0
    assert sum(c["score"] for c in score["categories"]) == pytest.approx(score["total"])


def test_adjusting_sets_the_reviewers_value_with_the_reason(reviewed):
    service, reviewer, submission = reviewed
    proposal = scored(proposals_of(service, reviewer, submission))[0]
    value = proposal["max"] / 2
    response = act(service, reviewer, proposal, "adjust", value=value, reason="佐证材料只能证明一半")
    assert response.status_code == 200
    body = response.json()
    assert body["proposal"]["decision"] == "adjusted" and body["proposal"]["value"] == value
    line = next(i for i in body["score"]["indicators"] if i["id"] == proposal["indicator_id"])
    assert line["score"] == value and "评审认定" in line["explanation"] and line["reason"] == "佐证材料只能证明一半"
    assert body["score"]["total"] == value


REFUSED_ADJUSTMENTS = [
    ({"value": 1}, "调整须填写理由"), ({"value": 1, "reason": "  "}, "调整须填写理由"),
    ({"reason": "理由"}, "须给出认定分值"), ({"value": 999, "reason": "理由"}, "应在0到"),
    ({"value": -1, "reason": "理由"}, "应在0到"), ({"outcome": "合格", "reason": "理由"}, "不按结果计分"),
]


def test_adjustments_the_rubric_cannot_take_are_refused(reviewed):
    service, reviewer, submission = reviewed
    proposal = proposals_of(service, reviewer, submission)[0]
    for body, message in REFUSED_ADJUSTMENTS:
        response = act(service, reviewer, proposal, "adjust", **body)
        assert response.status_code == 422 and message in response.json()["detail"], body
    again = service.client.get(f"/api/proposals/{proposal['id']}", headers=reviewer).json()
    assert again["decision"] == "pending" and again["version"] == proposal["version"]
    assert service.client.get(f"/api/proposals/{proposal['id']}/trail", headers=reviewer).json() == []


def test_rejecting_counts_the_indicator_as_nothing_found(reviewed):
    service, reviewer, submission = reviewed
    proposal = scored(proposals_of(service, reviewer, submission))[0]
    confirmed = act(service, reviewer, proposal, "confirm").json()["proposal"]
    response = act(service, reviewer, confirmed, "reject", reason="活动不在考核年度内")
    assert response.status_code == 200
    line = next(i for i in response.json()["score"]["indicators"] if i["id"] == proposal["indicator_id"])
    assert line["score"] == 0 and line["explanation"].startswith("评审不予认定")
    assert response.json()["score"]["total"] == 0


def test_rejecting_needs_a_reason_as_adjusting_does(reviewed):
    service, reviewer, submission = reviewed
    proposal = scored(proposals_of(service, reviewer, submission))[0]
    for body in ({}, {"reason": "  "}):
        response = act(service, reviewer, proposal, "reject", **body)
        assert response.status_code == 422 and response.json()["detail"] == "不予认定须填写理由", body
    assert service.client.get(f"/api/proposals/{proposal['id']}", headers=reviewer).json()["decision"] == "pending"


def test_outcome_indicator_can_be_set_to_a_vetoing_outcome(reviewed):
    service, reviewer, submission = reviewed
    inspection = next(
        p for p in proposals_of(service, reviewer, submission) if p["outcomes"] and "不合格" in p["outcomes"]
    )
    response = act(service, reviewer, inspection, "adjust", outcome="不合格", reason="民政部门年检结论为不合格")
    assert response.status_code == 200
    score = response.json()["score"]
    assert score["vetoed"] and score["grade"] == "不合格" and any("一票否决" in n for n in score["notes"])


def test_the_trail_records_who_when_before_after_and_why(reviewed):
    service, reviewer, submission = reviewed
    proposal = scored(proposals_of(service, reviewer, submission))[0]
    confirmed = act(service, reviewer, proposal, "confirm").json()["proposal"]
    act(service, reviewer, confirmed, "adjust", value=1, reason="只认定一项")
    trail = service.client.get(f"/api/proposals/{proposal['id']}/trail", headers=reviewer).json()
    assert [e["action"] for e in trail] == ["confirm", "adjust"]
    first, second = trail
    assert first["user"] == "reviewer1" and first["at"] and first["action_label"] == "确认"
    assert first["before"] == {"decision": "pending", "value": None, "outcome": None, "score": 0.0,
                               "suggested": proposal["proposed_score"]}
    assert first["after"]["decision"] == "confirmed" and first["after"]["score"] == proposal["proposed_score"]
    assert second["before"] == first["after"] and second["after"]["score"] == 1 and second["reason"] == "只认定一项"
    whole = service.client.get(f"/api/submissions/{submission['id']}/trail", headers=reviewer).json()
    assert [e["id"] for e in whole] == [e["id"] for e in trail]


def test_the_trail_cannot_be_changed_through_the_api(reviewed):
    service, reviewer, submission = reviewed
    proposal = proposals_of(service, reviewer, submission)[0]
    act(service, reviewer, proposal, "confirm")
    event = service.client.get(f"/api/proposals/{proposal['id']}/trail", headers=reviewer).json()[0]
    admin = service.admin
    for path in (f"/api/submissions/{submission['id']}/trail", f"/api/proposals/{proposal['id']}/trail",
                 f"/api/proposals/{proposal['id']}/trail/{event['id']}"):
        for method in ("PUT", "PATCH", "DELETE", "POST"):
            response = service.client.request(method, path, json={"reason": "改写"}, headers=admin)
            assert response.status_code in (404, 405), (method, path)
    assert service.client.get(f"/api/proposals/{proposal['id']}/trail", headers=admin).json() == [event]


def test_second_reviewer_on_a_stale_version_gets_a_clear_conflict(reviewed):
    service, first, submission = reviewed
    second = service.user("reviewer2")
    proposal = scored(proposals_of(service, first, submission))[0]
    seen_by_second = service.client.get(f"/api/proposals/{proposal['id']}", headers=second).json()
    assert act(service, first, proposal, "confirm").status_code == 200
    response = act(service, second, seen_by_second, "adjust", value=0.5, reason="我认为不足")
    assert response.status_code == 409
    message = response.json()["detail"]
    assert "reviewer1" in message and "已确认" in message and "刷新" in message and "未保存" in message
    now = service.client.get(f"/api/proposals/{proposal['id']}", headers=second).json()
    assert now["decision"] == "confirmed" and now["value"] is None and now["reviewed_by"] == "reviewer1"
    assert len(service.client.get(f"/api/proposals/{proposal['id']}/trail", headers=second).json()) == 1


def test_a_decision_on_a_proposal_loaded_before_anothers_commit_is_refused(reviewed):
    """Both sessions load version 1 before either decides, as two requests in flight would;
    the second is refused, not applied over the first."""
    service, reviewer, submission = reviewed
    proposal_id = scored(proposals_of(service, reviewer, submission))[0]["id"]
    zone = service.settings.timezone
    sessions = service.app.state.sessions
    with sessions() as one, sessions() as two:
        mine: Proposal = one.get(Proposal, proposal_id)
        theirs: Proposal = two.get(Proposal, proposal_id)
        _ = mine.submission.proposals, theirs.submission.proposals
        decide(one, mine, one.get(User, 2), Change("confirm", 1), zone)
        with pytest.raises(ServiceError) as conflict:
            decide(two, theirs, two.get(User, 2), Change("reject", 1, reason="不认"), zone)
    assert conflict.value.status == 409 and "刷新" in conflict.value.message
    with sessions() as db:
        assert db.get(Proposal, proposal_id).decision == "confirmed"


def test_proposals_of_a_submission_still_processing_cannot_be_reviewed(reviewed):
    service, reviewer, submission = reviewed
    proposal = proposals_of(service, reviewer, submission)[0]
    with service.app.state.sessions() as db:
        db.get(Proposal, proposal["id"]).submission.status = "processing"
        db.commit()
    response = act(service, reviewer, proposal, "confirm")
    assert response.status_code == 409 and "尚未处理完成" in response.json()["detail"]


def test_unknown_proposal_is_404(reviewed):
    service, reviewer, _ = reviewed
    response = service.client.post("/api/proposals/99999/confirm", json={"version": 1}, headers=reviewer)
    assert response.status_code == 404 and "不存在" in response.json()["detail"]


def test_score_says_when_the_rubric_file_changed_after_processing(reviewed):
    service, reviewer, submission = reviewed
    assert not any("已修改" in n for n in score_of(service, reviewer, submission)["notes"])
    with service.app.state.sessions() as db:
        db.get(Proposal, 1).submission.rubric_sha256 = "0" * 64
        db.commit()
    assert any("评分表文件在材料识别之后已修改" in n for n in score_of(service, reviewer, submission)["notes"])


def test_a_failed_submission_says_why_it_cannot_be_reviewed(reviewed):
    service, reviewer, submission = reviewed
    with service.app.state.sessions() as db:
        row = db.get(Proposal, 1).submission
        row.status, row.error = "failed", "所有文件均无法读取：总结.pdf：PDF 已损坏"
        db.commit()
    for path in ("proposals", "score", "result"):
        response = service.client.get(f"/api/submissions/{submission['id']}/{path}", headers=reviewer)
        assert response.status_code == 409 and "处理失败" in response.json()["detail"] and "总结.pdf" in response.json()["detail"]


def test_reviewers_deciding_at_the_same_time_are_all_counted(reviewed):
    """Four reviewers' threads decide different proposals of one submission at once; none is lost."""
    service, reviewer, submission = reviewed
    ids = [p["id"] for p in proposals_of(service, reviewer, submission)]
    sessions, zone = service.app.state.sessions, service.settings.timezone
    errors: list[Exception] = []

    def review(share: list[int]) -> None:
        try:
            for proposal_id in share:
                with sessions() as db:
                    proposal = db.get(Proposal, proposal_id)
                    decide(db, proposal, db.get(User, 2), Change("confirm", proposal.version), zone)
        except Exception as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=review, args=(ids[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    stored = service.client.get(f"/api/submissions/{submission['id']}", headers=reviewer).json()
    assert stored["reviewed_total"] == submission["suggested_total"]
    assert score_of(service, reviewer, submission)["total"] == submission["suggested_total"]
