"""One realistic year's batch (`batch_materials.build_year`), pre-screened once and examined by several tests;
a scratch PostgreSQL database behind a proxy, and a Celery queue of a test's own, for the fault tests."""

from __future__ import annotations

import pytest

from batch_materials import RUBRIC, Batch, build_year
from celery_workers import Database, forget_queue, new_queue, require_broker, scratch_database
from ingest.batch.run import run_batch


@pytest.fixture(scope="session")
def year_batch(tmp_path_factory) -> Batch:
    root = build_year(tmp_path_factory.mktemp("inbox") / "2021年学会考核材料")
    report = run_batch(root, RUBRIC, tmp_path_factory.mktemp("out") / "预审报告.xlsx", workers=2)
    return Batch(root, report)


@pytest.fixture
def database():
    with scratch_database() as url:
        found = Database(url)
        yield found
        found.proxy.stop()
        found.direct.dispose()


@pytest.fixture
def queue(monkeypatch):
    require_broker()
    name = new_queue()
    monkeypatch.setenv("KAOHE_BATCH_QUEUE", name)
    yield name
    forget_queue(name)
