"""The light commands start without the heavy libraries (speed is measured by corpora/startup_benchmark.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("spacy", "jieba", "celery", "sqlalchemy", "pdfplumber")

# Runs a command the way the `kaohe` script does, then names the heavy modules it loaded.
PROBE = """
import sys
from ingest.cli import app
try:
    app(sys.argv[1:], prog_name="kaohe")
except SystemExit as end:
    assert not end.code, end.code
print(" ".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


def loaded(*args: str) -> tuple[str, list[str]]:
    """What `kaohe ARGS` prints, and which of the heavy libraries it imported."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout, run.stderr.splitlines()[-1].split()


def test_help_lists_every_command_without_loading_them():
    text, heavy = loaded("--help")
    for command in ("rubrics", "extract", "score", "batch", "serve", "rubric"):
        assert f" {command} " in text
    assert "批量预审" in text and "评审服务" in text
    assert heavy == []


@pytest.mark.parametrize(("args", "shown"), [(("rubrics",), "jiangxi-2021-society"), (("rubric", "--help"), "import")])
def test_rubric_listing_and_tools_help_import_no_heavy_library(args, shown):
    text, heavy = loaded(*args)
    assert shown in text
    assert heavy == []


def test_batch_help_shows_its_options_without_loading_the_runner():
    text, heavy = loaded("batch", "--help")
    assert "--rubric" in text and "--workers" in text
    assert heavy == []
