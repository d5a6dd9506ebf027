"""Accounts, logins and who may do what: every API route checks the caller."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from conftest import ADMIN_PASSWORD, browser_login, sample
from ingest.db.models import LoginSession, User, utcnow


def test_login_gives_a_token_that_identifies_the_user(service):
    response = service.client.post("/api/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    me = service.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "admin" and me.json()["role"] == "admin"


@pytest.mark.parametrize("username, password", [("admin", "wrong-password"), ("nobody", ADMIN_PASSWORD)])
def test_wrong_name_or_password_is_refused_without_saying_which(service, username, password):
    response = service.client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 401
    assert response.json()["detail"] == "用户名或密码错误"


def test_passwords_are_stored_only_as_argon2_hashes(service):
    service.user("reviewer1")
    with service.app.state.sessions() as db:
        stored = db.scalar(select(User.password_hash).where(User.username == "reviewer1"))
    assert stored.startswith("$argon2id$") and "reviewer1-secret" not in stored


def test_admin_creates_reviewers_and_reviewers_cannot_create_accounts(service):
    reviewer = service.user("reviewer1")
    body = {"username": "reviewer2", "password": "long-enough-1"}
    refused = service.client.post("/api/users", json=body, headers=reviewer)
    assert refused.status_code == 403 and "无权" in refused.json()["detail"]
    assert service.client.post("/api/users", json=body, headers=service.admin).status_code == 201
    again = service.client.post("/api/users", json=body, headers=service.admin)
    assert again.status_code == 409 and "已被使用" in again.json()["detail"]


def test_society_account_needs_the_society_name(service):
    body = {"username": "xuehui", "password": "long-enough-1", "role": "society"}
    response = service.client.post("/api/users", json=body, headers=service.admin)
    assert response.status_code == 422 and "学会名称" in response.json()["detail"]


def test_logout_ends_the_token(service):
    headers = service.user("reviewer1")
    assert service.client.post("/api/auth/logout", headers=headers).status_code == 204
    assert service.client.get("/api/auth/me", headers=headers).status_code == 401


def test_expired_login_is_refused(service):
    headers = service.user("reviewer1")
    with service.app.state.sessions() as db:
        db.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.commit()
    response = service.client.get("/api/submissions", headers=headers)
    assert response.status_code == 401 and "重新登录" in response.json()["detail"]


def test_password_change_needs_the_old_password(service):
    headers = service.user("reviewer1")
    wrong = service.client.post(
        "/api/auth/password", json={"old_password": "guess-guess", "new_password": "new-secret-1"}, headers=headers
    )
    assert wrong.status_code == 422
    right = service.client.post(
        "/api/auth/password", json={"old_password": "reviewer1-secret", "new_password": "new-secret-1"}, headers=headers
    )
    assert right.status_code == 204
    assert service.login("reviewer1", "new-secret-1")


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_api_route_refuses_an_anonymous_caller(service):
    routes = [
        (method.upper(), path)
        for path, operations in service.app.openapi()["paths"].items()
        if path != "/api/auth/login"
        for method in operations
    ]
    assert len(routes) >= 15
    for method, path in routes:
        response = service.client.request(method, _concrete(path))
        assert response.status_code == 401, (method, path, response.status_code)


def test_society_accounts_see_only_their_own_submissions(start_service):
    service = start_service(society_sees_proposals=True)
    society_a = service.user("xuehui_a", role="society", society="江西省矿业学会")
    society_b = service.user("xuehui_b", role="society", society="江西省作物学会")
    reviewer = service.user("reviewer1")
    own = service.submit(society_a, sample("01_kuangye.docx"), year=2021)
    assert own["society"] == "江西省矿业学会"
    assert [s["id"] for s in service.client.get("/api/submissions", headers=society_b).json()] == []
    paths = [
        f"/api/submissions/{own['id']}", f"/api/submissions/{own['id']}/proposals",
        f"/api/submissions/{own['id']}/score", f"/api/documents/{own['documents'][0]['id']}/file",
    ]
    for path in paths:
        assert service.client.get(path, headers=society_b).status_code == 404, path
        assert service.client.get(path, headers=society_a).status_code == 200, path
    assert [s["id"] for s in service.client.get("/api/submissions", headers=reviewer).json()] == [own["id"]]


def test_society_accounts_cannot_review_or_read_the_trail(start_service):
    service = start_service(society_sees_proposals=True)
    society = service.user("xuehui_a", role="society", society="江西省矿业学会")
    submission = service.submit(society, sample("01_kuangye.docx"), year=2021)
    proposal = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=society).json()[0]
    response = service.client.post(f"/api/proposals/{proposal['id']}/confirm", json={"version": 1}, headers=society)
    assert response.status_code == 403
    assert service.client.get(f"/api/submissions/{submission['id']}/trail", headers=society).status_code == 403


def _user_id(service, username: str) -> int:
    return next(u["id"] for u in service.client.get("/api/users", headers=service.admin).json() if u["username"] == username)


def test_a_deactivated_reviewer_is_logged_out_and_cannot_log_in_until_reactivated(service):
    headers = service.user("reviewer1")
    reviewer_id = _user_id(service, "reviewer1")
    response = service.client.post(f"/api/users/{reviewer_id}/deactivate", json={"reason": "已离职"}, headers=service.admin)
    assert response.status_code == 200 and response.json()["active"] is False
    assert service.client.get("/api/auth/me", headers=headers).status_code == 401
    refused = service.client.post("/api/auth/login", json={"username": "reviewer1", "password": "reviewer1-secret"})
    assert refused.status_code == 401
    assert service.client.post(f"/api/users/{reviewer_id}/activate", json={}, headers=service.admin).status_code == 200
    assert service.login("reviewer1", "reviewer1-secret")
    events = service.client.get(f"/api/users/{reviewer_id}/events", headers=service.admin).json()
    assert [(e["action"], e["by"], e["reason"]) for e in events] == [("deactivate", "admin", "已离职"), ("activate", "admin", None)]


def test_admin_resets_a_password_old_logins_end_and_only_the_new_password_works(service):
    headers = service.user("reviewer1")
    reviewer_id = _user_id(service, "reviewer1")
    short = service.client.post(f"/api/users/{reviewer_id}/password", json={"new_password": "short"}, headers=service.admin)
    assert short.status_code == 422
    reset = service.client.post(f"/api/users/{reviewer_id}/password", json={"new_password": "reset-secret-9"}, headers=service.admin)
    assert reset.status_code == 200
    assert service.client.get("/api/auth/me", headers=headers).status_code == 401
    old = service.client.post("/api/auth/login", json={"username": "reviewer1", "password": "reviewer1-secret"})
    assert old.status_code == 401
    assert service.login("reviewer1", "reset-secret-9")
    events = service.client.get(f"/api/users/{reviewer_id}/events", headers=service.admin).json()
    assert [e["action_label"] for e in events] == ["重置密码"]
    with service.app.state.sessions() as db:
        assert "reset-secret-9" not in db.scalar(select(User.password_hash).where(User.id == reviewer_id))


def test_only_an_admin_changes_accounts_and_not_their_own_activity(service):
    reviewer = service.user("reviewer1")
    admin_id = _user_id(service, "admin")
    for path in (f"/api/users/{admin_id}/deactivate", f"/api/users/{admin_id}/password"):
        assert service.client.post(path, json={"new_password": "taken-over-1"}, headers=reviewer).status_code == 403
    own = service.client.post(f"/api/users/{admin_id}/deactivate", json={}, headers=service.admin)
    assert own.status_code == 422 and "自己" in own.json()["detail"]
    assert service.client.post("/api/users/9999/deactivate", json={}, headers=service.admin).status_code == 404
    assert service.client.get("/api/auth/me", headers=service.admin).status_code == 200


def from_address(service, address: str) -> TestClient:
    """A client of the running service calling from another network address."""
    return TestClient(service.app, client=(address, 50000))


def attempt(client, username: str, password: str):
    return client.post("/api/auth/login", json={"username": username, "password": password})


def test_fifteen_wrong_passwords_for_an_account_pause_its_logins_even_across_a_restart(start_service):
    service = start_service()
    service.user("reviewer1")
    # From fifteen addresses, so only the account's own count can stop the sixteenth.
    for i in range(15):
        assert attempt(from_address(service, f"10.0.0.{i}"), "reviewer1", "guess-guess-guess").status_code == 401
    paused = attempt(from_address(service, "10.0.1.1"), "reviewer1", "reviewer1-secret")
    assert paused.status_code == 429 and "请" in paused.json()["detail"] and "分钟后再试" in paused.json()["detail"]
    assert 0 < int(paused.headers["Retry-After"]) <= 15 * 60
    assert attempt(from_address(service, "10.0.1.1"), "admin", ADMIN_PASSWORD).status_code == 200
    service.stop()
    again = start_service()
    assert attempt(from_address(again, "10.0.1.2"), "REVIEWER1", "reviewer1-secret").status_code == 429


def test_fifteen_wrong_passwords_from_one_address_pause_logins_from_it(service):
    service.user("reviewer1")
    guesser = from_address(service, "192.0.2.7")
    for i in range(15):
        assert attempt(guesser, f"user{i}", "guess-guess-guess").status_code == 401
    refused = attempt(guesser, "reviewer1", "reviewer1-secret")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert attempt(from_address(service, "192.0.2.8"), "reviewer1", "reviewer1-secret").status_code == 200


def test_the_right_password_ends_a_run_of_wrong_ones(service):
    service.user("reviewer1")
    for _ in range(2):
        for _ in range(14):
            assert attempt(service.client, "reviewer1", "guess-guess-guess").status_code == 401
        assert attempt(service.client, "reviewer1", "reviewer1-secret").status_code == 200


def test_the_login_page_is_paused_too(service):
    for _ in range(15):
        assert browser_login(service, "admin", "guess-guess-guess").status_code == 401
    page = browser_login(service, "admin", ADMIN_PASSWORD)
    assert page.status_code == 429 and "分钟后再试" in page.text and int(page.headers["Retry-After"]) > 0


@pytest.mark.parametrize("password, reason", [
    ("short-9", "至少 10 位"), ("1234567890123", "不能全是数字"), ("Password123", "常见密码"),
    ("qwertyuiop", "常见密码"), ("reviewer9x", "不能与用户名相同"),
])
def test_weak_passwords_are_refused_on_creation_reset_and_change(service, password, reason):
    body = {"username": "reviewer9x", "password": password, "display_name": "评审九"}
    created = service.client.post("/api/users", json=body, headers=service.admin)
    assert created.status_code == 422 and reason in created.json()["detail"]
    headers = service.user("reviewer9x")
    reviewer_id = _user_id(service, "reviewer9x")
    reset = service.client.post(f"/api/users/{reviewer_id}/password", json={"new_password": password}, headers=service.admin)
    assert reset.status_code == 422 and reason in reset.json()["detail"]
    changed = service.client.post("/api/auth/password", headers=headers,
                                  json={"old_password": "reviewer9x-secret", "new_password": password})
    assert changed.status_code == 422 and reason in changed.json()["detail"]
    assert service.login("reviewer9x", "reviewer9x-secret")


def test_user_names_are_one_whatever_their_case(service):
    service.user("Reviewer1")
    body = {"username": "reviewer1", "password": "long-enough-1"}
    taken = service.client.post("/api/users", json=body, headers=service.admin)
    assert taken.status_code == 409 and "已被使用" in taken.json()["detail"] and "不区分大小写" in taken.json()["detail"]
    assert service.login("REVIEWER1", "Reviewer1-secret")
    assert service.client.get("/api/auth/me", headers=service.login("reviewer1", "Reviewer1-secret")).json()["username"] == "Reviewer1"


def test_changing_ones_password_ends_the_other_logins_and_keeps_this_one(service):
    laptop = service.user("reviewer1")
    phone = service.login("reviewer1", "reviewer1-secret")
    changed = service.client.post("/api/auth/password", headers=laptop,
                                  json={"old_password": "reviewer1-secret", "new_password": "new-secret-1"})
    assert changed.status_code == 204
    assert service.client.get("/api/auth/me", headers=phone).status_code == 401
    assert service.client.get("/api/auth/me", headers=laptop).status_code == 200
