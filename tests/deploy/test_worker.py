"""`lms worker` runs queued jobs from Redis (skipped where no Redis answers on LMS_REDIS_URL)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
import redis
from click.testing import CliRunner
from flask import current_app
from flask.cli import ScriptInfo

from lms.cli import main
from lms.core import jobs

REDIS_URL = os.environ.get("LMS_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="no Redis answers at LMS_REDIS_URL")


def touch(path: str) -> None:
    """A job: proves it ran, inside an app context of its own."""
    Path(path).write_text(current_app.name)


def test_lms_worker_runs_what_was_queued_after_commit(app, tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "QUEUE", f"lms-test-{secrets.token_hex(4)}")
    monkeypatch.setitem(app.config, "JOBS", "rq")
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", REDIS_URL)
    marker = tmp_path / "ran"
    try:
        with app.app_context():
            assert jobs.enqueue(f"{__name__}.touch", str(marker)) == "rq"
            assert jobs.queue().count == 1
        result = CliRunner().invoke(main, ["worker", "--burst"], obj=ScriptInfo(create_app=lambda: app))
        assert result.exit_code == 0, result.output
        assert marker.read_text() == app.name
    finally:
        with app.app_context():
            q = jobs.queue()
            for job_id in q.scheduled_job_registry.get_job_ids():  # the next periodic run the worker scheduled
                q.scheduled_job_registry.remove(job_id, delete_job=True)
            q.empty()
