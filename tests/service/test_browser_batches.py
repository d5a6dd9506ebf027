"""A batch in Debian's Chromium: start it from its page, watch it finish in place, download the report,
open a society's result for review. Uses the browser tests' server and browser."""

from __future__ import annotations

import shutil
import zipfile

from conftest import ADMIN_PASSWORD, SAMPLES
from test_browser import ARTIFACTS, browser, log_in, playwright, server  # noqa: F401 - fixtures

__all__ = ["browser", "server"]


def test_batch_started_followed_in_place_downloaded_and_opened(server, browser, tmp_path):  # noqa: F811
    bundle = tmp_path / "2021年材料.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(SAMPLES / "01_kuangye.docx", "江西省矿业学会/工作总结.docx")
        archive.write(SAMPLES / "02_zuowu.docx", "江西省作物学会/工作总结.docx")
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="zh-CN", accept_downloads=True)
    log_in(page, server, "admin", ADMIN_PASSWORD)
    page.click("text=批量预审")
    page.select_option("select[name=rubric]", "jiangxi-2021-society")
    page.set_input_files("input[name=archive]", str(bundle))
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/batches/*")
    # A mark on the page itself: a reload would drop it.
    page.locator("h1").evaluate("heading => heading.dataset.kept = '1'")
    page.locator("#batch-societies").wait_for(timeout=180_000)
    assert page.locator("h1").get_attribute("data-kept") == "1"
    playwright.expect(page.locator("#batch-state .status")).to_have_text("已完成")
    assert "江西省矿业学会" in page.inner_text("#batch-societies")

    with page.expect_download() as report:
        page.click("text=预审报告（XLSX）")
    saved = tmp_path / "report.xlsx"
    report.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    shot = tmp_path / "batch-page.png"
    page.screenshot(path=str(shot))
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "batch-page.png")

    page.locator("#batch-societies tr", has_text="江西省矿业学会").locator("button.open-society").click()
    page.wait_for_url(f"{server}/submissions/*")
    page.wait_for_selector("#review", timeout=60_000)
    assert page.inner_text("h1") == "江西省矿业学会"
    # The submission leads back to its batch, where the rest open in one go.
    page.click("#review a[href^='/batches/']")
    page.click("#open-all")
    playwright.expect(page.locator("#batch-opened")).to_have_text("已打开 2 个学会，正依次处理")
    playwright.expect(page.locator("#batch-societies a[href^='/submissions/']")).to_have_count(2)
    page.goto(f"{server}/batches")
    assert "已完成" in page.inner_text("#batches")
    page.close()
