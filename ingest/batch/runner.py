"""Running the submissions' tasks: a local process pool, or Celery workers behind a broker.

Local: a `concurrent.futures` process pool whose workers fork from a
fork server that loaded the language resources once (`ingest.batch.preload`),
so each starts ready; the parent stores each record as it arrives (one writer). A worker that dies (a parser crash, the
OOM killer) breaks the pool: the unfinished tasks get one more pool, then
are reported as failed, never retried forever.

Celery (`KAOHE_BROKER_URL`): the same task runs on the workers, which write
their records to the shared store themselves; the parent only waits, so a
parent killed mid-batch loses nothing the workers finish.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ingest.batch.store import ResultStore
from ingest.batch.work import process_task, warm

# How long the parent waits for a first Celery worker to answer before giving up.
WORKER_WAIT_SECONDS = 30
POLL_SECONDS = 0.2
TASKS_PER_WORKER = 50


@dataclass
class Job:
    key: str
    label: str
    task: dict


class Events:
    """What a runner reports as it goes; the progress bar listens."""

    def running(self, labels: list[str]) -> None: ...
    def finished(self, job: Job, record: dict) -> None: ...
    def failed(self, job: Job, message: str) -> None: ...


class BatchError(Exception):
    """The batch as a whole cannot run (no worker answers, the broker is unreachable)."""


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_local(jobs: list[Job], store: ResultStore, workers: int, events: Events) -> None:
    # A fresh pool every `TASKS_PER_WORKER` submissions per worker: spaCy's string store and the
    # parsers' caches grow with every document, and new workers fork from the warmed server in
    # milliseconds. (The pool's own max_tasks_per_child would do this, but hangs on Python 3.11.)
    size = workers * TASKS_PER_WORKER
    for start in range(0, len(jobs), size):
        remaining = jobs[start : start + size]
        for _ in range(2):
            if remaining:
                remaining = _run_pool(remaining, store, workers, events)
        for job in remaining:
            events.failed(job, "处理进程异常退出（文件可能使解析器崩溃或内存不足），请单独检查该学会的材料")


def _pool(workers: int) -> ProcessPoolExecutor:
    if "forkserver" in multiprocessing.get_all_start_methods():
        # Never plain fork: a caller with threads or open sockets (a web server, a Celery
        # client) would hand its locks and connections to the workers, which then hang.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ingest.batch.preload"])
        return ProcessPoolExecutor(workers, mp_context=context)
    return ProcessPoolExecutor(workers, initializer=warm)


def _run_pool(jobs: list[Job], store: ResultStore, workers: int, events: Events) -> list[Job]:
    """Run `jobs`; the ones left unfinished when the pool broke."""
    unfinished: list[Job] = []
    with _pool(workers) as pool:
        futures: dict[Future, Job] = {}
        for i, job in enumerate(jobs):
            try:
                futures[pool.submit(process_task, job.task)] = job
            except BrokenProcessPool:  # a worker died before everything was queued
                unfinished += jobs[i:]
                break
        order = list(futures)
        pending = set(futures)
        while pending:
            # With a FIFO queue the oldest unfinished tasks are the ones running.
            events.running([futures[f].label for f in order if f in pending][:workers])
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = futures[future]
                try:
                    record = future.result()
                except BrokenProcessPool:
                    unfinished.append(job)
                    continue
                except Exception as error:  # a bug or an input no check foresaw: report it, go on
                    events.failed(job, f"处理出错：{type(error).__name__}: {error}")
                    continue
                store.put(record)
                events.finished(job, record)
    return unfinished


def run_celery(jobs: list[Job], store: ResultStore, broker_url: str, events: Events) -> None:
    from ingest.batch.celery_app import make_app

    app = make_app(broker_url)
    _await_worker(app, broker_url)
    task = app.tasks["kaohe.batch.process"]
    pending = {job.key: (job, task.apply_async(args=[job.task, store.url])) for job in jobs}
    while pending:
        events.running([job.label for job, _ in list(pending.values())[:4]])
        for key, (job, result) in list(pending.items()):
            if not result.ready():
                continue
            del pending[key]
            if result.successful():
                record = store.get([key]).get(key)
                if record is None:
                    events.failed(job, "Celery 工作进程报告完成，但共享数据库中没有结果（工作进程是否连接了同一数据库？）")
                else:
                    events.finished(job, record)
            else:
                events.failed(job, f"处理出错：{result.result!r}")
            result.forget()
        time.sleep(POLL_SECONDS)


def _await_worker(app, broker_url: str) -> None:
    deadline = time.monotonic() + WORKER_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            if app.control.ping(timeout=1.0):
                return
        except Exception as error:  # the broker itself is unreachable
            raise BatchError(f"无法连接任务队列 {broker_url}：{error}") from error
    raise BatchError(
        f"{WORKER_WAIT_SECONDS} 秒内没有 Celery 工作进程响应（{broker_url}）；"
        "请先启动：celery -A ingest.batch.celery_app worker"
    )
