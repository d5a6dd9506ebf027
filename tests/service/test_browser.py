"""End to end in Debian's Chromium: log in, upload a 工作总结, confirm a proposal, see the total change.

The service runs under uvicorn on a free local port (SQLite in a temporary
directory). A screenshot of the review page is saved to the test's temporary
directory and to `artifacts/` at the top of the repository (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import ADMIN_PASSWORD, SAMPLES

CHROMIUM = Path(os.environ.get("KAOHE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# A proposal not yet reviewed that suggests some points.
SUGGESTED = "article.proposal.pending:not([data-proposed='0.0'])"

playwright = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

import uvicorn  # noqa: E402

from ingest.service import Settings, create_app  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("kaohe-data"), admin_password=ADMIN_PASSWORD)
    port = free_port()
    runner = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not runner.started:
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    runner.should_exit = True
    thread.join(30)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def upload(page, base: str, rubric: str, summary: Path, self_evaluation: Path | None = None) -> None:
    """Upload through the page as an admin and wait until the review page is there."""
    log_in(page, base, "admin", ADMIN_PASSWORD)
    page.goto(f"{base}/upload")
    page.select_option("select[name=rubric]", rubric)
    page.set_input_files("input[name=files]", str(summary))
    if self_evaluation is not None:
        page.set_input_files("input[name=self_evaluation]", str(self_evaluation))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/submissions/*")
    page.wait_for_selector("#review", timeout=60_000)


def number(text: str) -> float:
    return float(text.strip())


def test_log_in_upload_confirm_and_see_the_total_change(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="zh-CN")
    log_in(page, server, "admin", ADMIN_PASSWORD)
    page.click("text=上传材料")
    page.select_option("select[name=rubric]", "jiangxi-2021-society")
    page.set_input_files("input[name=files]", str(SAMPLES / "01_kuangye.docx"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/submissions/*")
    page.wait_for_selector("#review", timeout=60_000)
    assert page.inner_text("h1") == "江西省矿业学会"
    # Nothing reviewed yet: kaohe's suggestion under 待审核, no reviewed total.
    assert page.inner_text("#unreviewed").startswith("待审核 · kaohe 建议") and not page.is_visible("#total")

    # Locators are live queries: pin the card by its indicator, not by its (changing) state.
    indicator = page.locator(SUGGESTED).first.get_attribute("data-indicator")
    card = page.locator(f"article[data-indicator='{indicator}']")
    proposed = float(card.get_attribute("data-proposed"))
    assert card.locator("mark, .evidence li").count() > 0
    card.locator("[data-action=confirm]").click()
    # Retrying assertions, not wait_for_function: the pages' policy forbids evaluating strings as script.
    playwright.expect(page.locator("#total")).to_be_visible()
    assert number(page.inner_text("#total")) == proposed and not page.is_visible("#unreviewed")
    assert card.locator(".decision").inner_text() == "已确认"
    assert number(card.locator(".counted").inner_text()) == proposed
    assert page.inner_text("#reviewed") == "1"

    page.locator("mark.ev").first.scroll_into_view_if_needed()
    shot = tmp_path / "review-page.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "review-page.png")

    # Reloaded, the page shows what the database holds.
    page.reload()
    assert number(page.inner_text("#total")) == proposed
    page.close()


def test_second_reviewer_sees_the_conflict_in_place(server, browser):
    admin = browser.new_page(locale="zh-CN")
    log_in(admin, server, "admin", ADMIN_PASSWORD)
    other = browser.new_context(locale="zh-CN").new_page()
    submission = admin.evaluate(
        """async () => {
            const csrf = document.querySelector('meta[name="csrf-token"]').content;
            const made = await fetch('/api/users', {method: 'POST', headers: {'Content-Type': 'application/json',
                'X-CSRF-Token': csrf}, body: JSON.stringify({username: 'reviewer2', password: 'reviewer2-secret'})});
            const list = await (await fetch('/api/submissions?status=done')).json();
            return {made: made.status, id: list[0].id};
        }"""
    )
    assert submission["made"] == 201
    log_in(other, server, "reviewer2", "reviewer2-secret")
    for page in (admin, other):
        page.goto(f"{server}/submissions/{submission['id']}")
    indicator = admin.locator(SUGGESTED).first.get_attribute("data-indicator")
    mine = admin.locator(f"article[data-indicator='{indicator}']")
    theirs = other.locator(f"article[data-indicator='{indicator}']")
    mine.locator("[data-action=confirm]").click()
    playwright.expect(mine.locator(".decision")).to_have_text("已确认")
    theirs.locator("[data-open=reject]").click()
    theirs.locator("form.reject textarea").fill("活动不在考核年度内")
    theirs.locator("form.reject button[type=submit]").click()
    theirs.locator(".card-error").filter(has_text="刷新").wait_for()
    assert "admin" in theirs.locator(".card-error").inner_text() or "管理员" in theirs.locator(".card-error").inner_text()
    assert theirs.locator(".decision").inner_text() == "待审核"


KANGFU = SAMPLES.parent / "audit" / "submissions" / "kangfu"


def test_upload_with_a_self_evaluation_and_follow_a_finding_to_its_cell(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="zh-CN")
    upload(page, server, "jiangxi-2021-society", KANGFU / "江西省康复医学会2021年工作总结.pdf", KANGFU / "康复医学会考核自评表.docx")
    assert "自评核查" in page.inner_text("#self-audit") and number(page.inner_text("#claimed-total")) > 0
    link = page.locator("#self-audit a.jump").first
    anchor = link.get_attribute("href")[1:]
    link.click()
    cell = page.locator(f"#{anchor} + mark")
    assert cell.is_visible() and "flash" in cell.get_attribute("class")
    assert page.locator(".document .flag", has_text="自评表").count() == 1
    page.close()


def test_enter_a_component_score_on_the_review_page(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="zh-CN")
    upload(page, server, "chongqing-2020-district", SAMPLES / "02_zuowu.docx")
    form = page.locator("[data-component=clients] form")
    # Above the component's maximum: the form does not send it (the API refuses it too).
    form.locator("input[name=score]").fill("25")
    assert form.locator("input[name=score]").evaluate("input => input.validity.rangeOverflow")
    form.locator("input[name=score]").fill("18")
    form.locator("button[type=submit]").click()
    page.locator("[data-component=clients] .entered", has_text="已录入 18 分").wait_for()
    # Nothing else reviewed yet: the header turns from kaohe's suggestion to the entered component alone.
    assert number(page.inner_text("#total")) == 18
    page.close()
