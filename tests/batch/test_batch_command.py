"""`kaohe batch` on the command line: the JSON summary, the files it writes, its exit codes."""

import json
import shutil

from typer.testing import CliRunner

from batch_materials import NAMES, RUBRIC, SAMPLES, notice, society_folder
from ingest.cli import app

runner = CliRunner()


def test_batch_json_summary_per_submission(tmp_path):
    inbox = tmp_path / "inbox"
    society_folder(inbox, "01_kuangye")
    society_folder(inbox, "02_zuowu", omit=("自评表",))
    notice(inbox)
    output = tmp_path / "报告.xlsx"
    result = runner.invoke(app, ["batch", str(inbox), "--rubric", RUBRIC, "-o", str(output), "--json", "--workers", "2"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["layout"] == "folders"
    assert summary["counts"] == {"submissions": 2, "processed": 2, "reused": 0, "failed": 0}
    assert summary["output"] == str(output) and output.exists()
    assert [p.rsplit("/", 1)[-1] for p in summary["forms"]] == ["报告-汇总表.xlsx", "报告-汇总表.docx"]
    by_society = {s["society"]: s for s in summary["submissions"]}
    assert set(by_society) == {NAMES["01_kuangye"], NAMES["02_zuowu"]}
    kuangye, zuowu = by_society[NAMES["01_kuangye"]], by_society[NAMES["02_zuowu"]]
    assert {f["kind"] for f in kuangye["flags"]} <= {"over_claim"} and kuangye["rank"] == 1 and kuangye["grade"]
    assert {f["kind"] for f in kuangye["files"]} == {"工作总结", "自评表", "汇总表", "佐证材料"}
    assert zuowu["flags"] == [{"kind": "missing_material", "message": "缺少自评表（通知要求报送：工作总结、自评表、汇总表、佐证材料）"}]
    assert zuowu["rank"] == 2 and zuowu["total"] < kuangye["total"]
    assert summary["ignored"] == [{"name": "关于开展2021年度省级学会考核的通知.txt", "reason": "考核通知，不属于任何学会的材料"}]


def test_bad_usage_and_unreadable_input_exit_with_a_message(tmp_path):
    unknown = runner.invoke(app, ["batch", str(tmp_path), "--rubric", "no-such-rubric"])
    assert unknown.exit_code == 2 and "没有编号为“no-such-rubric”的评分表" in unknown.output
    not_xlsx = runner.invoke(app, ["batch", str(tmp_path), "--rubric", RUBRIC, "-o", str(tmp_path / "报告.csv")])
    assert not_xlsx.exit_code == 2 and "应为 .xlsx" in not_xlsx.output
    missing = runner.invoke(app, ["batch", str(tmp_path / "没有"), "--rubric", RUBRIC, "-o", str(tmp_path / "r.xlsx")])
    assert missing.exit_code == 1 and "没有: 文件或文件夹不存在" in missing.output
    single = tmp_path / "总结.docx"
    single.write_bytes(b"x")
    wrong = runner.invoke(app, ["batch", str(single), "--rubric", RUBRIC, "-o", str(tmp_path / "r.xlsx")])
    assert wrong.exit_code == 1 and "需要一个文件夹或 .zip 压缩包" in wrong.output


def test_a_summary_sent_as_docx_and_as_its_pdf_is_counted_once(tmp_path):
    # 04_tujian's total rose from 68 to 72 when its PDF was read as more work.
    def batch(inbox, with_pdf: bool) -> dict:
        folder = society_folder(inbox, "04_tujian")
        if with_pdf:
            shutil.copy(SAMPLES / "04_tujian.pdf", folder / f"{NAMES['04_tujian']}2021年工作总结.pdf")
        output = inbox.parent / f"{inbox.name}.xlsx"
        result = runner.invoke(app, ["batch", str(inbox), "--rubric", RUBRIC, "-o", str(output), "--json",
                                     "--workers", "1"])
        assert result.exit_code == 0, result.output
        [submission] = json.loads(result.stdout)["submissions"]
        return submission

    once, twice = batch(tmp_path / "once", False), batch(tmp_path / "twice", True)
    assert twice["total"] == once["total"]
    [flag] = [f for f in twice["flags"] if f["kind"] == "duplicate_document"]
    assert "2021年工作总结.pdf" in flag["message"] and "2021年工作总结.docx" in flag["message"]
