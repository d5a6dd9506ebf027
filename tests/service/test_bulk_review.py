"""Bulk confirm: the high-confidence pending items of a submission in one request, each on the trail."""

from __future__ import annotations

import re

from conftest import browser_login, sample


def proposals_of(service, headers, submission) -> list[dict]:
    return service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=headers).json()


def sure(proposals) -> list[dict]:
    """What the page's bulk button sends: pending items kaohe does not flag for checking."""
    return [p for p in proposals if p["decision"] == "pending" and not p["needs_review"]]


def confirm_many(service, headers, submission, proposals):
    return service.client.post(
        f"/api/submissions/{submission['id']}/confirm",
        json={"proposals": [{"id": p["id"], "version": p["version"]} for p in proposals]}, headers=headers,
    )


def test_bulk_confirm_records_each_item_and_scores_them(reviewed):
    service, reviewer, submission = reviewed
    chosen = sure(proposals_of(service, reviewer, submission))
    assert len(chosen) >= 5
    response = confirm_many(service, reviewer, submission, chosen)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {p["id"] for p in body["proposals"]} == {p["id"] for p in chosen}
    assert all(p["decision"] == "confirmed" and p["reviewed_by"] == "reviewer1" for p in body["proposals"])
    assert body["score"]["reviewed"] == len(chosen)
    assert body["score"]["total"] == sum(p["proposed_score"] for p in chosen)
    trail = service.client.get(f"/api/submissions/{submission['id']}/trail", headers=reviewer).json()
    assert sorted(e["proposal_id"] for e in trail) == sorted(p["id"] for p in chosen)
    assert all(e["action"] == "confirm" and e["before"]["suggested"] is not None for e in trail)


def test_bulk_confirm_saves_nothing_when_one_item_changed_meanwhile(reviewed):
    service, reviewer, submission = reviewed
    other = service.user("reviewer2")
    chosen = sure(proposals_of(service, reviewer, submission))
    taken = chosen[2]
    rejected = service.client.post(f"/api/proposals/{taken['id']}/reject",
                                   json={"version": taken["version"], "reason": "非本年度活动"}, headers=other)
    assert rejected.status_code == 200
    response = confirm_many(service, reviewer, submission, chosen)
    assert response.status_code == 409 and "reviewer2" in response.json()["detail"]
    now = {p["id"]: p["decision"] for p in proposals_of(service, reviewer, submission)}
    assert now[taken["id"]] == "rejected"
    assert all(now[p["id"]] == "pending" for p in chosen if p is not taken)
    trail = service.client.get(f"/api/submissions/{submission['id']}/trail", headers=reviewer).json()
    assert [e["proposal_id"] for e in trail] == [taken["id"]]


def test_bulk_confirm_refuses_another_submissions_items(reviewed):
    service, reviewer, submission = reviewed
    second = service.submit(reviewer, sample("02_zuowu.docx"))
    foreign = sure(proposals_of(service, reviewer, second))[:1]
    response = confirm_many(service, reviewer, submission, sure(proposals_of(service, reviewer, submission))[:2] + foreign)
    assert response.status_code == 422 and f"#{foreign[0]['id']}" in response.json()["detail"]
    assert all(p["decision"] == "pending" for p in proposals_of(service, reviewer, submission))


def test_bulk_confirm_from_the_page_needs_its_csrf_token(reviewed):
    service, _, submission = reviewed
    assert browser_login(service, "reviewer1", "reviewer1-secret").status_code == 303
    page = service.client.get(f"/submissions/{submission['id']}").text
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    pid = int(re.search(r'<article class="proposal pending" id="p-(\d+)"', page).group(1))
    body = {"proposals": [{"id": pid, "version": 1}]}
    forged = service.client.post(f"/api/submissions/{submission['id']}/confirm", json=body)
    assert forged.status_code == 403
    sent = service.client.post(f"/api/submissions/{submission['id']}/confirm", json=body, headers={"X-CSRF-Token": csrf})
    assert sent.status_code == 200


def test_review_pages_lead_to_the_next_and_previous_submission(reviewed):
    service, reviewer, first = reviewed
    second = service.submit(reviewer, sample("02_zuowu.docx"))
    assert browser_login(service, "reviewer1", "reviewer1-secret").status_code == 303
    newer = service.client.get(f"/submissions/{second['id']}").text
    older = service.client.get(f"/submissions/{first['id']}").text
    # The list is newest first: the next submission is the older one.
    assert f'href="/submissions/{first["id"]}" id="next-submission"' in newer and "previous-submission" not in newer
    assert f'href="/submissions/{second["id"]}" id="previous-submission"' in older and "next-submission" not in older
