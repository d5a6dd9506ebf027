"""Celery workers for batch pre-screening (`KAOHE_BROKER_URL=redis://…`).

Start workers on any machine that sees the batch's files at the same paths
and can reach the broker and the results database:

    KAOHE_BROKER_URL=redis://127.0.0.1:6379/0 celery -A ingest.batch.celery_app worker

Each task pre-screens one submission and writes its record to the store
named in the task (the shared `KAOHE_DATABASE_URL`, or the batch's SQLite
file), so results survive the parent that queued them. Tasks are
acknowledged only when done: one lost with its worker is delivered again.
`KAOHE_BATCH_QUEUE` names the queue (default "kaohe-batch"), which lets
separate batches or deployments share one broker.
"""

from __future__ import annotations

import os

from celery import Celery

from ingest.batch.store import open_store
from ingest.batch.work import process_task

DEFAULT_QUEUE = "kaohe-batch"


def make_app(broker_url: str) -> Celery:
    app = Celery("kaohe", broker=broker_url, backend=broker_url)
    app.conf.update(
        task_default_queue=os.environ.get("KAOHE_BATCH_QUEUE", DEFAULT_QUEUE),
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # One long task at a time per process: prefetching would park tasks behind a slow one.
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
    )

    # shared=False: each app (the workers', a parent's) has its own task, not a global one.
    @app.task(name="kaohe.batch.process", shared=False)
    def process(task: dict, store_url: str) -> str:
        record = process_task(task)
        open_store(store_url).put(record)
        return record["key"]

    return app


# The app `celery -A ingest.batch.celery_app worker` loads.
app = make_app(os.environ.get("KAOHE_BROKER_URL", "redis://127.0.0.1:6379/0"))
