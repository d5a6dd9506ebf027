"""End to end in Debian's Chromium: log in, upload a 工作总结, confirm a proposal, see the total change.

The service runs under uvicorn on a free local port (SQLite in a temporary
directory). A screenshot of the review page is saved to the test's temporary
directory and to `artifacts/` at the top of the repository (git-ignored).
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import openpyxl
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


@contextmanager
def serving(settings: Settings):
    """The service under uvicorn on a free local port, for as long as the block runs."""
    port = free_port()
    runner = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not runner.started:
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        runner.should_exit = True
        thread.join(30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(Settings(data_dir=tmp_path_factory.mktemp("kaohe-data"), admin_password=ADMIN_PASSWORD)) as base:
        yield base


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


def admin_headers(base: str) -> dict[str, str]:
    token = httpx.post(f"{base}/api/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def processed(base: str, *names: str) -> list[dict]:
    """The done submissions once the named samples are uploaded and processed (each test stands on its own)."""
    admin = admin_headers(base)
    for name in names:
        # Refused (409) when an earlier test uploaded it already: then that one is there.
        httpx.post(f"{base}/api/submissions", headers=admin, data={"rubric": "jiangxi-2021-society"},
                   files={"files": (name, (SAMPLES / name).read_bytes())})
    deadline = time.monotonic() + 120
    while len(done := httpx.get(f"{base}/api/submissions?status=done", headers=admin).json()) < len(names):
        assert time.monotonic() < deadline, "the uploads were not processed"
        time.sleep(0.5)
    return done


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
    processed(server, "01_kuangye.docx")
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
    # The second reviewer starts typing a reason; meanwhile the first confirms the same item.
    theirs.locator("[data-open=reject]").click()
    theirs.locator("form.reject textarea").fill("活动不在考核年度内")
    mine.locator("[data-action=confirm]").click()
    playwright.expect(mine.locator(".decision")).to_have_text("已确认")
    # Polling shows the decision on the second page without wiping what is being typed.
    playwright.expect(theirs.locator(".decision")).to_have_text("已确认", timeout=15_000)
    assert theirs.locator("form.reject textarea").input_value() == "活动不在考核年度内"
    # The decider is named as everywhere else: by display name, not by user name.
    playwright.expect(theirs.locator(".by")).to_contain_text("管理员")
    theirs.locator("form.reject button[type=submit]").click()
    error = theirs.locator(".card-error")
    error.filter(has_text="刷新").wait_for()
    assert "admin" in error.inner_text() or "管理员" in error.inner_text()
    assert "仍保留" in error.inner_text()
    # After the 409 the typed reason is still there; sent again, it is saved on the latest version.
    assert theirs.locator("form.reject textarea").input_value() == "活动不在考核年度内"
    theirs.locator("form.reject button[type=submit]").click()
    playwright.expect(theirs.locator(".decision")).to_have_text("不予认定")
    playwright.expect(mine.locator(".decision")).to_have_text("不予认定", timeout=15_000)
    other.context.close()
    admin.close()


def test_the_chosen_filter_survives_a_reload_and_the_next_submission(server, browser):
    done = processed(server, "01_kuangye.docx", "02_zuowu.docx")
    page = browser.new_page(locale="zh-CN")
    log_in(page, server, "admin", ADMIN_PASSWORD)
    page.goto(f"{server}/submissions/{done[0]['id']}")
    page.click("[data-filter=pending]")
    assert page.url.endswith(f"/submissions/{done[0]['id']}?filter=pending")
    page.reload()
    playwright.expect(page.locator("[data-filter=pending]")).to_have_attribute("aria-pressed", "true")
    assert page.locator("article.proposal:visible").count() == page.locator("article.proposal.pending").count()
    page.click("#next-submission")
    page.wait_for_url("**?filter=pending")
    playwright.expect(page.locator("[data-filter=pending]")).to_have_attribute("aria-pressed", "true")
    # Back to 全部: the address loses the filter.
    page.click("[data-filter=all]")
    assert "filter" not in page.url
    page.close()


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


class Counted:
    """The reviewer's page, counting clicks and key presses as a reviewer would make them."""

    def __init__(self, page):
        self.page, self.clicks, self.keys = page, 0, 0

    def click(self, target) -> None:
        (self.page.locator(target) if isinstance(target, str) else target).click()
        self.clicks += 1

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.keys += 1


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture(params=["sqlite", "postgresql"])
def walk_server(request, tmp_path):
    settings = {"data_dir": tmp_path / "data", "admin_password": ADMIN_PASSWORD}
    if request.param == "postgresql":
        settings["database_url"] = request.getfixturevalue("postgres_url")
    with serving(Settings(**settings)) as base:
        yield request.param, base


def test_walk_through_a_jiangxi_submission_in_under_two_minutes(walk_server, browser):
    """Log in, upload, filter, bulk confirm, adjust one, reject one, confirm the rest by keyboard, export."""
    backend, base = walk_server
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="zh-CN", accept_downloads=True)
    me = Counted(page)
    page.goto(f"{base}/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    me.click("button[type=submit]")
    me.click("nav a[href='/upload']")
    page.select_option("select[name=rubric]", "jiangxi-2021-society")
    page.set_input_files("input[name=files]", str(SAMPLES / "01_kuangye.docx"))
    me.click("button[type=submit]")
    page.wait_for_selector("#review", timeout=60_000)
    assert page.inner_text("h1") == "江西省矿业学会"
    cards = page.locator("article.proposal")
    total = cards.count()
    assert total == 22
    started, clicks_before = time.monotonic(), me.clicks

    # 需核实: only the items kaohe flags stay on the page; adjust the first, confirm the rest from the keyboard.
    me.click("[data-filter=check]")
    flagged = page.locator("article.proposal[data-check='1']")
    count = flagged.count()
    assert 2 <= count < total and page.locator("article.proposal:visible").count() == count
    shoot(page, f"walk-{backend}-1-filter")
    card = flagged.first
    me.click(card.locator("[data-open=adjust]"))
    card.locator("form.adjust input[name=value]").fill("1")
    card.locator("form.adjust textarea").fill("只有一项活动有佐证")
    me.click(card.locator("form.adjust button[type=submit]"))
    playwright.expect(card.locator(".decision")).to_have_text("已调整")
    for _ in range(count - 1):
        me.press("j")
        me.press("c")
    playwright.expect(page.locator("article.proposal.pending[data-check='1']")).to_have_count(0)
    assert page.locator("article.proposal.confirmed").count() == count - 1

    # One click confirms every high-confidence pending item, in one request.
    me.click("[data-filter=all]")
    bulk = page.locator("#confirm-sure")
    assert bulk.locator(".count").inner_text() == str(total - count)
    me.click(bulk)
    playwright.expect(page.locator("#reviewed")).to_have_text(str(total))
    assert page.locator("article.proposal.confirmed").count() == total - 1
    shoot(page, f"walk-{backend}-2-bulk")

    # On a second look one confirmed item goes: rejected, with the reason.
    indicator = page.locator("article.proposal.confirmed:not([data-proposed='0.0'])").first.get_attribute("data-indicator")
    card = page.locator(f"article[data-indicator='{indicator}']")
    me.click(card.locator("[data-open=reject]"))
    card.locator("form.reject textarea").fill("活动不在考核年度内")
    me.click(card.locator("form.reject button[type=submit]"))
    playwright.expect(card.locator(".decision")).to_have_text("不予认定")
    shoot(page, f"walk-{backend}-3-adjust-reject")
    playwright.expect(page.locator("#reviewed")).to_have_text(str(total))
    seconds, clicks = time.monotonic() - started, me.clicks - clicks_before
    me.click("[data-filter=all]")
    shoot(page, f"walk-{backend}-4-reviewed")
    print(f"\n[{backend}] 审核 {total} 项指标：{clicks} 次点击、{me.keys} 次按键，用时 {seconds:.1f} 秒")
    assert seconds < 120

    with page.expect_download() as download:
        me.click("text=导出评分表（XLSX）")
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    written = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "活动不在考核年度内" in written and "只有一项活动有佐证" in written
    if page.locator("a[href='/batches']").count():
        me.click("a[href='/batches']")
        page.wait_for_load_state()
        shoot(page, f"walk-{backend}-5-batches")
    page.close()


def test_accounts_in_the_browser(server, browser):
    """Create an account (the name pattern works in Chromium), see the success message, edit it, change a password."""
    page = browser.new_page(locale="zh-CN")
    log_in(page, server, "admin", ADMIN_PASSWORD)
    page.goto(f"{server}/users")
    form = page.locator("#new-user")
    name = form.locator("input[name=username]")
    name.fill("li ming!")
    assert name.evaluate("input => input.validity.patternMismatch")
    name.fill("li.ming-2")
    assert name.evaluate("input => input.validity.valid")
    form.locator("input[name=display_name]").fill("李明")
    form.locator("input[name=password]").fill("liming-pass-2021")
    form.locator("button[type=submit]").click()
    playwright.expect(page.locator("#flash")).to_contain_text("已创建账号“li.ming-2”")
    row = page.locator("tr[data-user='li.ming-2']")
    row.locator("summary").click()
    row.locator("input[name=display_name]").fill("李明远")
    row.locator("details button[type=submit]").click()
    playwright.expect(page.locator("#flash")).to_contain_text("已保存")
    playwright.expect(page.locator("tr[data-user='li.ming-2'] td").nth(1)).to_have_text("李明远")
    shoot(page, "accounts")

    mine = browser.new_context(locale="zh-CN").new_page()
    log_in(mine, server, "li.ming-2", "liming-pass-2021")
    mine.click("text=修改密码")
    mine.fill("input[name=old_password]", "liming-pass-2021")
    mine.fill("input[name=new_password]", "liming-new-2022")
    mine.fill("input[name=repeat_password]", "liming-new-2021")
    mine.click("#change-password button[type=submit]")
    playwright.expect(mine.locator("#change-password .form-error")).to_have_text("两次输入的新密码不一致")
    mine.fill("input[name=repeat_password]", "liming-new-2022")
    mine.click("#change-password button[type=submit]")
    playwright.expect(mine.locator("#flash")).to_contain_text("密码已修改")
    mine.context.close()
    page.close()


def test_the_list_updates_its_rows_without_reloading_while_uploads_are_processed(server, browser):
    page = browser.new_page(locale="zh-CN")
    log_in(page, server, "admin", ADMIN_PASSWORD)
    # Sent back to back through the API, so the one worker still has some queued when the list opens
    # (uploaded page by page, each waiting for its own page, they were sometimes all done by then).
    admin = admin_headers(server)
    for name in ("03_kangfu.pdf", "04_tujian.pdf", "05_qixiang.pdf"):
        sent = httpx.post(f"{server}/api/submissions", headers=admin,
                          data={"rubric": "jiangxi-2021-society"}, files={"files": (name, (SAMPLES / name).read_bytes())})
        assert sent.status_code == 202, sent.text
    page.goto(f"{server}/")
    waiting = page.locator("#submissions tr[data-status=queued], #submissions tr[data-status=processing]")
    assert waiting.count() > 0
    # Typed but not yet sent: a reload every 2 s would wipe it.
    page.fill("input[name=society]", "气象")
    playwright.expect(waiting).to_have_count(0, timeout=120_000)
    assert page.input_value("input[name=society]") == "气象"
    assert page.locator("#submissions tr[data-status=done]").count() >= 3
    page.close()
