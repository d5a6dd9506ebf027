"""材料自查 in the service: a society checks its draft files before it submits, and nothing is kept.

Runs on SQLite alone: the check stores nothing, so the database plays no part.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from conftest import browser_login

ROOT = Path(__file__).resolve().parents[2]
ZUOWU = ROOT / "corpora" / "audit" / "submissions" / "zuowu"
RUBRIC = "jiangxi-2021-society"


@pytest.fixture
def database_url(tmp_path, migrated_sqlite) -> str:
    copy = tmp_path / "kaohe.db"
    shutil.copyfile(migrated_sqlite, copy)
    return f"sqlite:///{copy}"


def drafts(leave_out: str) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in sorted(ZUOWU.iterdir()) if leave_out not in p.name]


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_a_society_checks_its_drafts_on_the_page_and_nothing_is_stored(service):
    service.user("zuowu", role="society", society="江西省作物学会")
    assert browser_login(service, "zuowu", "zuowu-secret").status_code == 303
    page = service.client.get("/check")
    assert page.status_code == 200 and "材料自查" in page.text and "/static/check.js" in page.text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)

    result = service.client.post("/check", files=drafts(leave_out="汇总表"), data={"rubric": RUBRIC},
                                 headers={"X-CSRF-Token": csrf})
    assert result.status_code == 200, result.text
    shown = text_of(result.text)
    assert "✗ 汇总表：未找到" in shown and "通知规定的报送截止日期：2021年11月30日" in shown
    assert "未找到相关活动或佐证" in shown and "找到相关活动或佐证：2021年度工作总结（作物学会）.docx" in shown
    assert "建议" not in shown.replace("不给出建议分", "") and "材料支持" not in shown
    # A check is not a submission: the society's list stays empty and its uploads are not used up.
    assert service.client.get("/api/submissions").json() == []


def test_the_check_api_answers_a_society_with_the_checklist(service):
    society = service.user("zuowu", role="society", society="江西省作物学会")
    response = service.client.post("/api/check", headers=society, files=drafts(leave_out="自评表"),
                                   data={"rubric": RUBRIC})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["missing"] == ["自评表", "汇总表"] and body["complete"] is False
    assert "total" not in body and "indicators" not in body


def test_nobody_logged_in_is_refused(service):
    assert service.client.get("/check", follow_redirects=False).headers["location"] == "/login?next=/check"
    response = service.client.post("/api/check", files=drafts(leave_out="自评表"), data={"rubric": RUBRIC})
    assert response.status_code == 401
