"""Admins edit accounts; everyone changes their own password on a page of its own."""

from __future__ import annotations

import re

from conftest import browser_login


def users(service) -> dict[str, dict]:
    return {u["username"]: u for u in service.client.get("/api/users", headers=service.admin).json()}


def test_admin_edits_name_role_and_society_and_the_change_is_recorded(service):
    reviewer = service.user("liming")
    user_id = users(service)["liming"]["id"]
    body = {"display_name": "李明", "role": "society", "society": "江西省矿业学会", "reason": "调任学会联络员"}
    response = service.client.patch(f"/api/users/{user_id}", json=body, headers=service.admin)
    assert response.status_code == 200, response.text
    edited = response.json()
    assert (edited["display_name"], edited["role"], edited["society"]) == ("李明", "society", "江西省矿业学会")
    # The account's login goes on, with the new role's rights.
    assert service.client.get("/api/auth/me", headers=reviewer).json()["role"] == "society"
    assert service.client.get("/api/users", headers=reviewer).status_code == 403
    events = service.client.get(f"/api/users/{user_id}/events", headers=service.admin).json()
    assert [(e["action_label"], e["reason"]) for e in events] == [("修改账号", "调任学会联络员")]


def test_editing_an_account_to_inactive_ends_its_logins(service):
    reviewer = service.user("liming")
    user_id = users(service)["liming"]["id"]
    response = service.client.patch(f"/api/users/{user_id}", json={"active": False}, headers=service.admin)
    assert response.status_code == 200 and response.json()["active"] is False
    assert service.client.get("/api/auth/me", headers=reviewer).status_code == 401
    events = service.client.get(f"/api/users/{user_id}/events", headers=service.admin).json()
    assert [e["action"] for e in events] == ["deactivate"]


def test_edits_that_would_break_an_account_are_refused(service):
    reviewer = service.user("liming")
    ids = {name: u["id"] for name, u in users(service).items()}
    to_society = service.client.patch(f"/api/users/{ids['liming']}", json={"role": "society"}, headers=service.admin)
    assert to_society.status_code == 422 and "学会名称" in to_society.json()["detail"]
    demote = service.client.patch(f"/api/users/{ids['admin']}", json={"role": "reviewer"}, headers=service.admin)
    assert demote.status_code == 422 and "自己" in demote.json()["detail"]
    by_reviewer = service.client.patch(f"/api/users/{ids['liming']}", json={"display_name": "x"}, headers=reviewer)
    assert by_reviewer.status_code == 403
    assert users(service)["liming"]["role"] == "reviewer"


def test_every_account_has_a_change_password_page(service):
    service.user("liming")
    assert browser_login(service, "liming", "liming-secret").status_code == 303
    page = service.client.get("/account")
    assert page.status_code == 200
    assert 'data-api="/api/auth/password"' in page.text and 'name="old_password"' in page.text
    assert 'href="/account"' in service.client.get("/").text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    changed = service.client.post("/api/auth/password", headers={"X-CSRF-Token": csrf},
                                  json={"old_password": "liming-secret", "new_password": "new-liming-pass"})
    assert changed.status_code == 204
    service.login("liming", "new-liming-pass")


def test_the_users_page_offers_editing_and_a_username_pattern_browsers_accept(service):
    assert browser_login(service, "admin", "admin-pass-2021").status_code == 303
    page = service.client.get("/users").text
    assert 'data-method="PATCH"' in page and "已创建账号" in page
    pattern = re.search(r'name="username" [^>]*pattern="([^"]+)"', page).group(1)
    # Browsers compile the pattern with the `v` flag: a "-" in a class must be escaped there.
    assert "\\-" in pattern or not re.search(r"\[[^\]]*-\]", pattern)
