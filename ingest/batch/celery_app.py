"""Celery workers for batch pre-screening (`KAOHE_BROKER_URL=redis://…`).

Start workers on any machine that sees the batch's files at the same paths
and can reach the broker and the results database:

    KAOHE_BROKER_URL=redis://127.0.0.1:6379/0 celery -A ingest.batch.celery_app worker

Each task pre-screens one submission and writes its record to the store the
task names: the batch's SQLite file, or the shared database, whose URL
travels without its password; a worker connects with its own
`KAOHE_DATABASE_URL` when that names the same database. Results survive the
parent that queued them. While a task runs, its worker keeps a lease on it
in Redis (`lease_key`), renewed every few seconds: the batch parent queues
again, within seconds, a task that a worker took and holds no lease on. Tasks
are acknowledged only when done, so a task lost with its worker is also
delivered again after `VISIBILITY_TIMEOUT` when no parent is watching. A task
whose submission is already stored, or whose batch has been run again since
it was queued, does nothing. A worker that cannot store its record (the
database away longer than it waits) hands the record back with its result. `KAOHE_BATCH_QUEUE` names the queue (default
"kaohe-batch"), which lets separate batches or deployments share one broker.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager, suppress

from celery import Celery
from celery.signals import worker_process_init
from redis.exceptions import RedisError

from ingest.batch.runner import exit_with
from ingest.batch.store import StoreError, open_store, worker_store_url
from ingest.batch.work import process_task, task_key

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "kaohe-batch"
TASK = "kaohe.batch.process"
# Longer than any one submission takes: a message still unacknowledged after this long is
# delivered again by the workers themselves (the broker's default is an hour).
VISIBILITY_TIMEOUT = 15 * 60
LEASE_SECONDS = 10
# A broker that accepts the connection and then says nothing (stuck, a firewall swallowing its replies)
# is taken for gone after this long instead of waited on forever; its commands answer in milliseconds.
ANSWER_SECONDS = 10
LEASE_RENEW_SECONDS = 2


def queue_name() -> str:
    return os.environ.get("KAOHE_BATCH_QUEUE", DEFAULT_QUEUE)


def lease_key(task_id: str) -> str:
    return f"kaohe:running:{task_id}"


def make_app(broker_url: str) -> Celery:
    app = Celery("kaohe", broker=broker_url, backend=broker_url)
    app.conf.update(
        task_default_queue=queue_name(),
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT, "socket_timeout": ANSWER_SECONDS,
                                  "socket_connect_timeout": ANSWER_SECONDS},
        redis_socket_timeout=ANSWER_SECONDS,
        redis_socket_connect_timeout=ANSWER_SECONDS,
        # One long task at a time per process: prefetching would park tasks behind a slow one.
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
    )

    # shared=False: each app (the workers', a parent's) has its own task, not a global one.
    @app.task(name=TASK, shared=False, bind=True)
    def process(self, task: dict, batch: str, run: str, store_url: str) -> dict:
        store = open_store(worker_store_url(store_url))
        key = task_key(task)
        if store.current_run(batch) != run:
            return {"key": key, "outcome": "superseded"}
        if store.keys([key]):
            return {"key": key, "outcome": "stored"}
        with _lease(self.app.backend.client, self.request.id):
            record = process_task(task)
            try:
                store.put(record)
            except StoreError as error:
                # The database went away for longer than this worker waits: the work is not lost, the
                # batch parent stores the record (or, away for it too, ends and a rerun resumes).
                log.warning("%s：%s；结果交给批量预审进程保存", key, error.reason)
                return {"key": key, "outcome": "unstored", "record": record}
        return {"key": key, "outcome": "processed"}

    return app


@contextmanager
def _lease(client, task_id: str):
    """A Redis key that lives while this process works on the task, and lapses within LEASE_SECONDS of its death."""
    key, pid = lease_key(task_id), os.getpid()
    stop = threading.Event()

    def renew() -> None:
        while True:
            with suppress(RedisError):  # the broker away: try again at the next beat
                client.set(key, pid, ex=LEASE_SECONDS)
            if stop.wait(LEASE_RENEW_SECONDS):
                return

    renewer = threading.Thread(target=renew, name="kaohe-lease", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()
        with suppress(RedisError):  # the broker away: the lease lapses by itself
            client.delete(key)


@worker_process_init.connect
def _exit_with_worker(**_) -> None:
    """A pool process ends with its worker: killed with SIGKILL, the worker would leave it running its task."""
    exit_with(os.getppid())


# The app `celery -A ingest.batch.celery_app worker` loads.
app = make_app(os.environ.get("KAOHE_BROKER_URL", "redis://127.0.0.1:6379/0"))
