"""Background jobs (transcoding): RQ on Redis in production, run by ``lms worker``.

A service asks for a job with ``after_commit(session, "module.function", *args)``: the job is sent only once
the request's transaction has committed (so the worker finds the rows it needs), and forgotten on rollback.
Where it goes is the setting JOBS (docs/DEPLOYMENT.md):

- ``rq``: the Redis queue ``lms`` at JOBS_REDIS_URL, run by ``lms worker``;
- ``auto`` (the default): the same when Redis answers, else a thread of the web process (development);
- ``inline``: run at once, after the commit, in the requesting process;
- ``manual``: only recorded in ``app.extensions["lms_jobs"]`` (tests run them with ``run_recorded``).

A job is a plain function named by its dotted path; it runs inside an app context and, like a command,
commits its own work (its progress must be seen while it runs).
"""
from __future__ import annotations

import importlib
import logging
import threading

import redis
from flask import Flask, current_app
from rq import Queue
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

QUEUE = "lms"
PENDING = "lms_pending_jobs"
JOB_TIMEOUT = 6 * 3600  # a long lecture transcoded at a slow preset
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
