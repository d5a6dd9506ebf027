"""Shared fixtures for the parser tests: documents built or committed the way offices produce them."""

from pathlib import Path

import pytest

from fixtures.build import build_summary

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def summary_docx(tmp_path_factory) -> bytes:
    """The builder's 工作总结 as DOCX bytes (built once per run)."""
    return build_summary(tmp_path_factory.mktemp("docx") / "summary.docx").read_bytes()


@pytest.fixture(scope="session")
def fixture_bytes():
    """Bytes of a committed fixture file by name."""
    return lambda name: (FIXTURES / name).read_bytes()
