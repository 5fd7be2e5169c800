"""Background jobs (transcoding, exports, scheduled work): RQ on Redis in production, run by ``lms worker``.

A service asks for a job with ``after_commit(session, "module.function", *args)``: the job is sent only once
the request's transaction has committed (so the worker finds the rows it needs), and forgotten on rollback.
Where it goes is the setting JOBS (docs/DEPLOYMENT.md):

- ``rq``: the Redis queue ``lms`` at JOBS_REDIS_URL, run by ``lms worker``;
- ``auto`` (the default): the same when Redis answers, else a thread of the web process (development);
- ``inline``: run at once, after the commit, in the requesting process;
- ``manual``: only recorded in ``app.extensions["lms_jobs"]`` (tests run them with ``run_recorded``).

A job is a plain function named by its dotted path; it runs inside an app context and, like a command,
commits its own work (its progress must be seen while it runs).

Scheduled work (grades becoming final when grading closes, expired exports removed, reminders sent) is the ``tick``: it runs
every task of PERIODIC, each in its own app context. With Redis, RQ's own scheduler runs it: ``lms worker``
starts with ``with_scheduler=True`` and schedules the first tick (``schedule_tick``: idempotent — at most one
tick waits in the scheduled registry, a Redis lock keeps two starting workers from both adding one), and each
tick schedules the next one JOBS_TICK_SECONDS later. Without Redis (the SQLite demo), the first request after
a tick is due starts it in a thread of the web process (``tick_if_due``): no cron line either way.
"""
from __future__ import annotations

import importlib
import logging
import threading
import time
from datetime import timedelta

import redis
from flask import Flask, current_app
from rq import Queue
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

QUEUE = "lms"
PENDING = "lms_pending_jobs"
JOB_TIMEOUT = 6 * 3600  # a long lecture transcoded at a slow preset
TICK = "lms.core.jobs.tick"
TICK_PREFIX = "lms-tick-"
TICK_LOCK = "lms-tick-lock"
# What each tick runs, in order (dotted paths: the tasks live in the domains above).
PERIODIC = ("lms.grading.commands.finalise_due_job", "lms.exports.tasks.clean_expired_job",
            "lms.notices.reminders.send_due_job", "lms.notices.mail.retry_failed_job")
log = logging.getLogger(__name__)


def after_commit(session, name: str, *args) -> None:
    """Send the job ``name(*args)`` once ``session`` commits (forgotten if it rolls back)."""
    if isinstance(session, scoped_session):
        session = session()
    if not session.in_transaction():
        session.begin()  # so a rollback before any SQL still forgets the job
    session.info.setdefault(PENDING, []).append((name, args))


@event.listens_for(Session, "after_commit")
def _send_pending(session) -> None:
    for name, args in session.info.pop(PENDING, None) or ():
        enqueue(name, *args)


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session, previous_transaction) -> None:
    if not previous_transaction.nested:  # a savepoint's rollback leaves the outer transaction's jobs
        session.info.pop(PENDING, None)


def connection() -> redis.Redis:
    return redis.Redis.from_url(current_app.config["JOBS_REDIS_URL"], socket_connect_timeout=0.5,
                                socket_timeout=5)


def queue(conn: redis.Redis | None = None) -> Queue:
    return Queue(QUEUE, connection=conn or connection(), default_timeout=JOB_TIMEOUT)


def redis_answers(conn: redis.Redis) -> bool:
    try:
        return bool(conn.ping())
    except redis.RedisError:
        return False


def mode() -> str:
    """Where a job goes now: rq, thread, inline or manual."""
    wanted = current_app.config.get("JOBS", "auto")
    if wanted != "auto":
        return wanted
    return "rq" if redis_answers(connection()) else "thread"


def enqueue(name: str, *args) -> str:
    """Send a job now (callers inside a request use ``after_commit``); returns where it went."""
    app = current_app._get_current_object()
    where = mode()
    if where == "rq":
        queue().enqueue(perform, name, *args, job_timeout=JOB_TIMEOUT)
    elif where == "inline":
        run(app, name, args)
    elif where == "thread":
        log.info("no Redis at %s: job %s runs in a thread of this process", app.config["JOBS_REDIS_URL"], name)
        threading.Thread(target=run, args=(app, name, args), daemon=True, name=f"job {name}").start()
    elif where == "manual":
        app.extensions.setdefault("lms_jobs", []).append((name, args))
    else:
        raise RuntimeError(f"JOBS must be auto, rq, inline or manual, not {where!r}")
    return where


def function(name: str):
    module, _, attribute = name.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


def perform(name: str, *args) -> None:
    """What ``lms worker`` runs: the job in a fresh app context, so each job has its own database session."""
    run(current_app._get_current_object(), name, args)


def run(app: Flask, name: str, args: tuple) -> None:
    """Run one job in its own app context (so its own database session)."""
    with app.app_context():
        function(name)(*args)


def run_recorded(app: Flask) -> int:
    """``manual`` mode: run the recorded jobs in order; returns how many ran."""
    jobs = app.extensions.pop("lms_jobs", [])
    for name, args in jobs:
        run(app, name, args)
    return len(jobs)


def tick() -> None:
    """The periodic work: every PERIODIC task in its own app context (one failing does not stop the others);
    on the Redis queue, then the next tick is scheduled."""
    app = current_app._get_current_object()
    for name in PERIODIC:
        try:
            run(app, name, ())
        except Exception:  # noqa: BLE001 - logged; the next tick tries again
            log.exception("periodic task %s failed", name)
    if app.config.get("JOBS") in ("rq", "auto") and redis_answers(connection()):
        schedule_tick(connection(), after=app.config["JOBS_TICK_SECONDS"])


def scheduled_ticks(conn: redis.Redis) -> list[str]:
    """The ticks waiting: in RQ's scheduled registry or already queued."""
    q = queue(conn)
    waiting = q.scheduled_job_registry.get_job_ids() + q.get_job_ids()
    return [job_id for job_id in waiting if job_id.startswith(TICK_PREFIX)]


def schedule_tick(conn: redis.Redis, after: float = 0) -> str | None:
    """Schedule the next tick ``after`` seconds from now, unless one is waiting already; returns its job id."""
    if not conn.set(TICK_LOCK, "1", nx=True, ex=30):
        return None  # another process is scheduling it right now
    try:
        if scheduled_ticks(conn):
            return None
        job_id = f"{TICK_PREFIX}{time.time():.0f}-{threading.get_ident()}"
        q = queue(conn)
        if after <= 0:
            q.enqueue(perform, TICK, job_id=job_id, job_timeout=JOB_TIMEOUT)
        else:
            q.enqueue_in(timedelta(seconds=after), perform, TICK, job_id=job_id, job_timeout=JOB_TIMEOUT)
        return job_id
    finally:
        conn.delete(TICK_LOCK)


_tick_lock = threading.Lock()


def tick_if_due(app: Flask) -> bool:
    """Before a request, without Redis: start the tick in a thread when JOBS_TICK_SECONDS have passed since the
    last one this process started (the first request of a process starts one). Returns whether it started.

    With Redis answering, the worker's scheduler does it and this does nothing; in ``inline`` and ``manual``
    modes (tests) the tick runs only when called."""
    if app.config.get("JOBS", "auto") not in ("auto", "thread"):
        return False
    now = time.monotonic()
    with _tick_lock:
        last = app.extensions.get("lms_last_tick")
        if last is not None and now - last < app.config["JOBS_TICK_SECONDS"]:
            return False
        app.extensions["lms_last_tick"] = now
    with app.app_context():
        if mode() == "rq":
            return False
    threading.Thread(target=run, args=(app, TICK, ()), daemon=True, name="periodic tick").start()
    return True
