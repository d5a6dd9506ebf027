"""材料自查 end to end in Chromium: a society account picks its draft files and reads the checklist."""

from __future__ import annotations

from pathlib import Path

import httpx

from conftest import ADMIN_PASSWORD
from test_browser import browser, log_in, server  # noqa: F401  (fixtures)

ZUOWU = Path(__file__).resolve().parents[2] / "corpora" / "audit" / "submissions" / "zuowu"


def test_a_society_checks_its_drafts_in_the_browser(server, browser):  # noqa: F811
    admin = httpx.post(f"{server}/api/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}).json()
    account = {"username": "zuowu", "password": "zuowu-secret", "role": "society", "display_name": "作物学会",
               "society": "江西省作物学会"}
    created = httpx.post(f"{server}/api/users", json=account, headers={"Authorization": f"Bearer {admin['token']}"})
    assert created.status_code == 201, created.text

    page = browser.new_page()
    log_in(page, server, "zuowu", "zuowu-secret")
    page.click("text=材料自查")
    page.select_option("select[name=rubric]", "jiangxi-2021-society")
    page.set_input_files("input[name=files]", [str(p) for p in sorted(ZUOWU.iterdir()) if "自评表" not in p.name])
    page.click("button[type=submit]")
    page.wait_for_selector("#checklist h2", timeout=60_000)
    shown = page.inner_text("#checklist")
    assert "✗ 自评表：未找到" in shown and "结论：缺少材料2项" in shown
    page.close()
