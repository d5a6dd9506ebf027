"""Reviewer entries: component scores people give and conditions reviewers establish count in the total and grade."""

from __future__ import annotations

import pytest

from conftest import sample

DISTRICT = "chongqing-2020-district"


@pytest.fixture
def district(service):
    """A reviewer and a 工作总结 scored by the Chongqing district rubric (工作考核×70% + 20 + 10)."""
    reviewer = service.user("reviewer1")
    submission = service.submit(reviewer, sample("01_kuangye.docx"), rubric=DISTRICT)
    assert submission["status"] == "done", submission
    return service, reviewer, submission


def entries_of(service, headers, submission) -> dict:
    return service.client.get(f"/api/submissions/{submission['id']}/entries", headers=headers).json()


def post(service, headers, submission, path, **body):
    return service.client.post(f"/api/submissions/{submission['id']}/{path}", json=body, headers=headers)


def test_the_rubric_says_what_reviewers_enter(district):
    service, reviewer, submission = district
    entries = entries_of(service, reviewer, submission)
    assert [(c["id"], c["points"], c["score"]) for c in entries["components"]] == [("clients", 20, None), ("ccast", 10, None)]
    assert {c["id"] for c in entries["conditions"]} == {"incident_minor", "incident_serious", "incident_grave"}
    assert not any(c["active"] for c in entries["conditions"])


def test_an_entered_component_score_adds_to_the_total(district):
    service, reviewer, submission = district
    before = service.client.get(f"/api/submissions/{submission['id']}/score", headers=reviewer).json()
    response = post(service, reviewer, submission, "components/clients", version=1, score=18, reason="服务对象满意度测评")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["entries"]["version"] == 2 and body["entries"]["components"][0]["score"] == 18
    assert body["entries"]["components"][0]["entered_by"] == "reviewer1"
    assert body["score"]["total"] == pytest.approx(before["total"] + 18)
    clients = next(c for c in body["score"]["components"] if c["id"] == "clients")
    assert clients["score"] == 18 and clients["entered"]
    stored = service.client.get(f"/api/submissions/{submission['id']}", headers=reviewer).json()
    assert stored["reviewed_total"] == body["score"]["total"]
    trail = service.client.get(f"/api/submissions/{submission['id']}/trail", headers=reviewer).json()
    assert [(e["indicator_id"], e["action"], e["before"], e["after"]) for e in trail] == [
        ("component:clients", "enter", {"score": None}, {"score": 18})
    ]
    assert trail[0]["proposal_id"] is None and trail[0]["reason"] == "服务对象满意度测评"


def test_a_score_above_the_components_maximum_or_an_unknown_component_is_refused(district):
    service, reviewer, submission = district
    too_much = post(service, reviewer, submission, "components/ccast", version=1, score=11)
    assert too_much.status_code == 422 and "0到10分" in too_much.json()["detail"]
    unknown = post(service, reviewer, submission, "components/work", version=1, score=50)
    assert unknown.status_code == 404
    assert entries_of(service, reviewer, submission)["version"] == 1


def test_a_reviewer_condition_bars_grades_and_can_be_cleared_with_a_reason(district):
    service, reviewer, submission = district
    no_reason = post(service, reviewer, submission, "conditions/incident_grave", version=1, active=True)
    assert no_reason.status_code == 422 and "理由" in no_reason.json()["detail"]
    grave = post(service, reviewer, submission, "conditions/incident_grave", version=1, active=True, reason="发生重大安全责任事故")
    assert grave.status_code == 200, grave.text
    score = grave.json()["score"]
    assert score["conditions"] == ["incident_grave"] and score["excluded"] and score["grade"] != "二等"
    cleared = post(service, reviewer, submission, "conditions/incident_grave", version=2, active=False, reason="经核实不属实")
    assert cleared.json()["score"]["conditions"] == [] and cleared.json()["score"]["grade"] == "二等"
    trail = service.client.get(f"/api/submissions/{submission['id']}/trail", headers=reviewer).json()
    assert [e["action"] for e in trail] == ["set", "clear"]


def test_an_entry_on_a_stale_version_is_refused_and_societies_cannot_enter(district):
    service, reviewer, submission = district
    assert post(service, reviewer, submission, "components/clients", version=1, score=15).status_code == 200
    stale = post(service, reviewer, submission, "components/ccast", version=1, score=8)
    assert stale.status_code == 409 and "reviewer1" in stale.json()["detail"] and "刷新" in stale.json()["detail"]
    society = service.user("xuehui", role="society", society="某学会")
    assert post(service, society, submission, "components/ccast", version=2, score=8).status_code in (403, 404)
    assert entries_of(service, reviewer, submission)["components"][1]["score"] is None


def test_the_review_page_has_the_entry_forms(district):
    service, reviewer, submission = district
    post(service, reviewer, submission, "components/clients", version=1, score=18, reason="测评")
    page = service.client.get(f"/submissions/{submission['id']}", headers=reviewer).text
    assert "评审录入" in page and "已录入 18 分" in page
    assert f'data-api="/api/submissions/{submission["id"]}/conditions/incident_minor"' in page
    trail = service.client.get(f"/submissions/{submission['id']}/trail", headers=reviewer).text
    assert "服务对象评价" in trail and "录入分项" in trail and "18分" in trail


def test_confirming_a_reviewer_entered_deduction_with_nothing_found_enters_it_as_none(district):
    service, reviewer, submission = district
    proposals = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=reviewer).json()
    for proposal in proposals:
        response = service.client.post(f"/api/proposals/{proposal['id']}/confirm",
                                       json={"version": proposal["version"]}, headers=reviewer)
        assert response.status_code == 200, response.text
    score = service.client.get(f"/api/submissions/{submission['id']}/score", headers=reviewer).json()
    # Only the two component scores people give still wait: 服务对象评价 20 and 市科协评价 10.
    assert score["total_range"] == [score["total"], pytest.approx(score["total"] + 30)]
