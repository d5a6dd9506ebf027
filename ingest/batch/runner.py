"""Running the submissions' tasks: a local process pool, or Celery workers behind a broker.

Local: a `concurrent.futures` process pool whose workers fork from a
fork server that loaded the language resources once (`ingest.batch.preload`),
so each starts ready; the parent stores each record as it arrives (one writer). A worker that dies (a parser crash, the
OOM killer) breaks the pool: the unfinished tasks get one more pool, then
are reported as failed, never retried forever. Each worker exits the moment
the batch process dies (even by SIGKILL), and a stopped batch (SIGTERM,
Ctrl-C) kills its workers rather than wait for their submissions.

Celery (`KAOHE_BROKER_URL`, a Redis broker): the same task runs on the
workers, which write their records to the shared store themselves, so a
parent killed mid-batch loses nothing the workers finish. The parent
watches its tasks: a task that a worker took and no longer works on (the
worker was killed) goes back to the queue within `LOST_SECONDS` of its
lease lapsing; a queue nobody consumes is reported within
`WORKER_WAIT_SECONDS`; tasks an earlier run of the same batch still has in
hand are waited for, not sent again. A broker that goes away mid-batch is
waited for, with a line when it goes and when it is back, for up to
`outage_seconds()`; the workers reconnect by themselves. A broker that
accepts connections and then says nothing counts as away once
`ANSWER_SECONDS` have passed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import select
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ingest.batch.store import ResultStore, outage_seconds, public_url
from ingest.batch.work import process_task, warm

# How long the parent waits for a worker consuming its queue (at the start, or when none of
# its tasks has been worked on for that long) before giving up.
WORKER_WAIT_SECONDS = 30
# A task a worker took but holds no lease on for this long is lost with its worker: it is queued again.
LOST_SECONDS = 5
CHECK_SECONDS = 2
POLL_SECONDS = 0.2
TASKS_PER_WORKER = 50


@dataclass
class Job:
    key: str
    label: str
    task: dict


class Events:
    """What a runner reports as it goes; the progress bar listens."""

    def planned(self, total: int, reused: int) -> None: ...
    def running(self, labels: list[str]) -> None: ...
    def finished(self, job: Job, record: dict) -> None: ...
    def failed(self, job: Job, message: str) -> None: ...
    def note(self, message: str) -> None: ...


class BatchError(Exception):
    """The batch as a whole cannot run (no worker answers, the broker is unreachable, another batch holds the output)."""


class Terminated(BaseException):
    """The batch process was asked to stop (SIGTERM); a BaseException so no `except Exception` swallows it."""


def exit_with(pid: int) -> None:
    """End this process the moment process `pid` ends, however it ends (Linux: a pidfd, watched by a thread).

    Pool workers watch the batch process, Celery's pool processes their worker: without this
    they outlive a parent killed by SIGKILL, holding their memory for minutes. Elsewhere the
    pool's own shutdown is all there is."""
    if not hasattr(os, "pidfd_open"):
        return
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:  # gone already
        os._exit(1)

    def watch() -> None:
        select.select([pidfd], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="kaohe-exit-with-parent", daemon=True).start()


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_local(jobs: list[Job], store: ResultStore, workers: int, events: Events,
              stop: threading.Event | None = None) -> None:
    """Run `jobs` on a local pool; `stop`, once set, ends the workers and raises Terminated (a service stopping)."""
    # A fresh pool every `TASKS_PER_WORKER` submissions per worker: spaCy's string store and the
    # parsers' caches grow with every document, and new workers fork from the warmed server in
    # milliseconds. (The pool's own max_tasks_per_child would do this, but hangs on Python 3.11.)
    size = workers * TASKS_PER_WORKER
    for start in range(0, len(jobs), size):
        remaining = jobs[start : start + size]
        for _ in range(2):
            if remaining:
                remaining = _run_pool(remaining, store, workers, events, stop)
        for job in remaining:
            events.failed(job, "处理进程异常退出（文件可能使解析器崩溃或内存不足），请单独检查该学会的材料")


def _pool(workers: int) -> ProcessPoolExecutor:
    if "forkserver" in multiprocessing.get_all_start_methods():
        # Never plain fork: a caller with threads or open sockets (a web server, a Celery
        # client) would hand its locks and connections to the workers, which then hang.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ingest.batch.preload"])
        return ProcessPoolExecutor(workers, mp_context=context, initializer=exit_with, initargs=(os.getpid(),))
    return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(os.getpid(),))


def _start_worker(batch_pid: int) -> None:
    exit_with(batch_pid)
    warm()


def _run_pool(jobs: list[Job], store: ResultStore, workers: int, events: Events,
              stop: threading.Event | None) -> list[Job]:
    """Run `jobs`; the ones left unfinished when the pool broke."""
    with _pool(workers) as pool:
        try:
            return _collect(pool, jobs, store, workers, events, stop)
        except BaseException:
            # Stopped (SIGTERM, Ctrl-C): end the workers now; leaving the `with` would wait for their
            # submissions. (ProcessPoolExecutor.kill_workers() only arrives in Python 3.14.)
            for process in list(pool._processes.values()):
                process.kill()
            raise


def _collect(pool: ProcessPoolExecutor, jobs: list[Job], store: ResultStore, workers: int, events: Events,
             stop: threading.Event | None) -> list[Job]:
    unfinished: list[Job] = []
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
        done, pending = wait(pending, timeout=POLL_SECONDS if stop else None, return_when=FIRST_COMPLETED)
        if stop is not None and stop.is_set():
            raise Terminated()
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


def run_celery(jobs: list[Job], store: ResultStore, broker_url: str, events: Events, batch: str,
               stop: threading.Event | None = None) -> None:
    """Send `jobs` to the Celery workers and wait for their records; `batch` names the batch across runs.
    `stop`, once set, stops waiting (Terminated); the workers finish what they took, for the next run."""
    if not broker_url.startswith(("redis://", "rediss://")):
        raise BatchError(f"KAOHE_BROKER_URL 应为 Redis 地址（redis://…），而不是 {broker_url}")
    from kombu.exceptions import OperationalError
    from redis.exceptions import RedisError

    from ingest.batch.celery_app import make_app

    app = make_app(broker_url)
    try:
        with app.connection_for_write() as connection:
            _CeleryRun(app, connection.default_channel, store, batch, events, broker_url).run(jobs, stop)
    except (OperationalError, RedisError) as error:  # the broker is unreachable
        raise BatchError(f"无法连接任务队列 {broker_url}：{_broker_reason(error)}") from error
    finally:
        # Results still awaited unsubscribe one by one when dropped (at exit): with a silent broker each
        # would wait out its timeout and the backend's retries, holding the finished batch for minutes.
        app.backend.result_consumer.subscribed_to.clear()


def _broker_reason(error: Exception) -> str:
    from redis.exceptions import TimeoutError as NoAnswer

    from ingest.batch.celery_app import ANSWER_SECONDS

    # kombu wraps redis' errors in its own.
    if isinstance(error, NoAnswer) or isinstance(error.__cause__, NoAnswer):
        return f"{ANSWER_SECONDS} 秒内没有应答"
    return str(error)


class _CeleryRun:
    """One run of a batch on Celery: its tasks, their leases, the workers' queue."""

    def __init__(self, app, channel, store: ResultStore, batch: str, events: Events, broker_url: str):
        from ingest.batch.celery_app import TASK, queue_name

        self.app, self.channel, self.store, self.batch, self.events = app, channel, store, batch, events
        self.broker_url = broker_url
        self.redis = channel.client
        self.queue = queue_name()
        self.task = app.tasks[TASK]
        self.run_id = uuid.uuid4().hex[:12]
        self.tracked: dict[str, tuple[Job, object]] = {}
        # Tasks a worker took (their message is unacknowledged) with no lease on them, since when.
        self.unleased: dict[str, float] = {}
        self.last_sign = time.monotonic()
        # Since when the broker has not answered.
        self.away_since: float | None = None

    def run(self, jobs: list[Job], stop: threading.Event | None = None) -> None:
        from celery.result import AsyncResult
        from kombu.exceptions import OperationalError
        from redis.exceptions import RedisError

        in_hand = self._await_consumer()
        # From here on, tasks queued by an earlier run of this batch do nothing when they start.
        self.store.begin_run(self.batch, self.run_id)
        for job in jobs:
            if job.key in in_hand:
                self.tracked[job.key] = (job, AsyncResult(in_hand[job.key], app=self.app))
            else:
                self._send(job)
        if in_hand:
            self.events.note(f"上次运行留下的 {len(in_hand)} 个任务仍在处理，等待其结果，不重复处理")
        next_check = time.monotonic() + CHECK_SECONDS
        while self.tracked:
            if stop is not None and stop.is_set():
                raise Terminated()
            self.events.running([job.label for job, _ in list(self.tracked.values())[:4]])
            try:
                self._collect()
                if time.monotonic() >= next_check:
                    self._check()
                    next_check = time.monotonic() + CHECK_SECONDS
            except (OperationalError, RedisError) as error:
                self._away(error)
            else:
                self._back()
            time.sleep(POLL_SECONDS)

    def _away(self, error: Exception) -> None:
        """The broker did not answer: say so once, give up after `outage_seconds()`."""
        now, patience = time.monotonic(), outage_seconds()
        if self.away_since is None:
            self.away_since = now
            self.events.note(f"任务队列 {self.broker_url} 连接中断（{_broker_reason(error)}），每 {CHECK_SECONDS} 秒重试，"
                             f"最多等待 {patience} 秒")
        elif now - self.away_since >= patience:
            raise BatchError(f"任务队列 {self.broker_url} 连接中断 {patience} 秒仍未恢复（{_broker_reason(error)}）；"
                             f"还有 {len(self.tracked)} 个学会未完成，已完成的已保存，恢复后重跑同一命令会接着做")
        time.sleep(CHECK_SECONDS)

    def _back(self) -> None:
        if self.away_since is None:
            return
        now = time.monotonic()
        self.events.note(f"任务队列已恢复连接（中断约 {now - self.away_since:.0f} 秒），继续处理")
        self.away_since = None
        # Workers could not renew their leases meanwhile: their tasks are not taken for lost, and
        # the wait for a sign of work starts afresh.
        self.unleased = {}
        self.last_sign = now

    def _send(self, job: Job) -> None:
        task_id = f"{self.batch}:{self.run_id}:{job.key}"
        # The store's URL without its password: workers take the password from their own settings.
        args = [job.task, self.batch, self.run_id, public_url(self.store.url)]
        self.tracked[job.key] = (job, self.task.apply_async(args=args, task_id=task_id))

    def _collect(self) -> None:
        for key, (job, result) in list(self.tracked.items()):
            if not result.ready():
                continue
            del self.tracked[key]
            self.last_sign = time.monotonic()
            if not result.successful():
                self.events.failed(job, f"处理出错：{result.result!r}")
            elif result.result.get("outcome") == "unstored":  # the worker lost the database: stored here
                self.store.put(result.result["record"])
                self.events.finished(job, result.result["record"])
            elif record := self.store.get([key]).get(key):
                self.events.finished(job, record)
            elif result.result.get("outcome") == "superseded":  # a task of an earlier run, redelivered: ours now
                self._send(job)
            else:
                self.events.failed(job, "Celery 工作进程报告完成，但共享数据库中没有结果（工作进程是否连接了同一数据库？）")
            result.forget()

    def _check(self) -> None:
        """Queue again the tasks whose worker is gone; give up when nobody consumes the queue."""
        from ingest.batch.celery_app import lease_key

        ids = {result.id: job for job, result in self.tracked.values()}
        taken = {}
        for tag, raw in self.redis.hscan_iter(self.channel.unacked_key):
            task_id = json.loads(raw)[0].get("headers", {}).get("id")
            if task_id in ids:
                taken[task_id] = tag
        with self.redis.pipeline() as pipe:
            for task_id in ids:
                pipe.exists(lease_key(task_id))
            leased = {task_id for task_id, alive in zip(ids, pipe.execute()) if alive}
        now = time.monotonic()
        if leased:
            self.last_sign = now
        self.unleased = {task_id: self.unleased.get(task_id, now) for task_id in taken if task_id not in leased}
        for task_id, since in list(self.unleased.items()):
            if now - since >= LOST_SECONDS:
                # Back to the front of the queue, the same message: a live worker takes it next.
                self.channel.qos.restore_by_tag(taken[task_id])
                del self.unleased[task_id]
                self.events.note(f"{ids[task_id].label}：处理它的工作进程已失联，任务已重新派发")
        if now - self.last_sign >= WORKER_WAIT_SECONDS:
            waiting = now - self.last_sign
            if not self._consumers()[0]:
                raise BatchError(
                    f"{waiting:.0f} 秒内没有 Celery 工作进程接收队列“{self.queue}”的任务；"
                    f"还有 {len(self.tracked)} 个学会未完成，已完成的已保存，工作进程恢复后重跑同一命令会接着做"
                )
            self.events.note(f"已 {waiting:.0f} 秒没有学会完成，也没有工作进程在处理本批任务；工作进程可能正忙于其他任务")
            self.last_sign = now

    def _consumers(self) -> tuple[list[str], set[str]]:
        """The workers consuming this batch's queue, and the queues the other workers consume."""
        replies = self.app.control.inspect(timeout=1.0).active_queues() or {}
        ours = [host for host, queues in replies.items() if any(q["name"] == self.queue for q in queues)]
        others = {q["name"] for queues in replies.values() for q in queues} - {self.queue}
        return ours, others

    def _await_consumer(self) -> dict[str, str]:
        """Wait until a worker consumes the queue; the keys an earlier run's live tasks have in hand, and their ids."""
        from ingest.batch.celery_app import lease_key

        deadline = time.monotonic() + WORKER_WAIT_SECONDS
        prefix = lease_key(f"{self.batch}:")
        others: set[str] = set()
        while True:
            in_hand = {}
            for name in self.redis.scan_iter(match=f"{prefix}*"):
                task_id = name.decode()[len(lease_key("")):]
                in_hand[task_id.split(":", 2)[2]] = task_id
            ours, elsewhere = self._consumers()
            others |= elsewhere
            # A worker busy with this batch's task may be too busy to answer (a solo pool).
            if ours or in_hand:
                return in_hand
            if time.monotonic() >= deadline:
                break
        hint = f"（在线的工作进程接收的是：{'、'.join(sorted(others))}；KAOHE_BATCH_QUEUE 是否一致？）" if others else ""
        raise BatchError(
            f"{WORKER_WAIT_SECONDS} 秒内没有 Celery 工作进程接收队列“{self.queue}”{hint}；"
            f"请先启动：KAOHE_BATCH_QUEUE={self.queue} celery -A ingest.batch.celery_app worker"
        )
