"""Shared benchmark plumbing: a throw-away PostgreSQL database, gunicorn on loopback, timed load.

Every benchmark talks only to 127.0.0.1 and stops by itself.
"""
from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("LMS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextlib.contextmanager
def throwaway_postgres():
    import psycopg

    name = f"lms_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    instance = tempfile.mkdtemp(prefix="lms-bench-")
    # LMS_JOBS=manual: no background work (the periodic tick a first request starts without Redis, a
    # transcode) competes with what is measured; a benchmark that wants jobs passes LMS_JOBS itself.
    env = dict(os.environ, LMS_DATABASE_URL=database_url, LMS_INSTANCE_PATH=instance,
               LMS_SECRET_KEY="bench-secret", LMS_LOGIN_ADDRESS_FAILURES="100000", LMS_JOBS="manual")
    env.update(extra)
    return env


def init_database(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "lms.cli", "init"], env=env, check=True, capture_output=True, cwd=ROOT)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 4, app: str = "wsgi:app", threads: int = 1):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads),
               "-b", f"127.0.0.1:{port}", "--log-level", "warning", app]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/healthz", timeout=5).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not come up")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _cluster_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("cluster", ROOT / "deploy" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def serve(env: dict[str, str], workers: int = 4, app: str = "wsgi:app", hosts: int = 0, pin: bool = False):
    """The app under test: one gunicorn answering directly (``hosts`` 0), or ``hosts`` gunicorn app hosts of
    ``workers`` each behind the standalone nginx (deploy/cluster.py, no job worker), each pinned to a CPU of
    its own with ``pin``. Yields the address to load."""
    if not hosts:
        with gunicorn(env, workers=workers, app=app) as url:
            yield url
        return
    cluster = _cluster_module()
    run_dir = Path(tempfile.mkdtemp(prefix="lms-bench-cluster-"))
    # The benchmark's own settings stay (manual jobs, its database, its secret); nginx fronts the hosts.
    shared = dict(env, LMS_TRUSTED_PROXIES="1", LMS_MEDIA_DELIVERY="x-accel",
                  LMS_MEDIA_SIGNING_KEY=env.get("LMS_MEDIA_SIGNING_KEY") or "benchsigningkey",
                  LMS_MEDIA_ROOT=str(run_dir / "media"), LMS_EXPORTS_ROOT=str(run_dir / "exports"))
    with cluster.Cluster(shared, run_dir=run_dir, hosts=hosts, workers=workers, job_workers=0, app=app, pin=pin,
                         nginx_workers=1, access_logs=False) as shape:
        yield shape.url


def app_context(env: dict[str, str]):
    """An app bound to the benchmark database, for seeding in-process."""
    for key in ("LMS_DATABASE_URL", "LMS_INSTANCE_PATH", "LMS_SECRET_KEY"):
        os.environ[key] = env[key]
    from lms import create_app

    return create_app().app_context()


def percentiles(latencies: list[float]) -> dict[str, float]:
    if not latencies:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"p50_ms": round(pick(0.50), 1), "p95_ms": round(pick(0.95), 1), "p99_ms": round(pick(0.99), 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1)}


def seed_running_class(session, *, code: str, course_title: str, class_name: str) -> dict:
    """One school of Jiangsu's tree (province → 南京市 → 江宁区 → a school) and a running batch whose course has
    one class: what the heartbeat and the flag benchmarks study in. Returns the rows by name."""
    from datetime import timedelta

    from lms.core import clock
    from lms.org import services
    from lms.projects.models import Batch, Course, Project, TrainingClass

    now = clock.now()
    today = clock.local_today(os.environ.get("LMS_TIMEZONE", "Asia/Shanghai"))
    province = services.create_root(session, "江苏省", "320000")
    city = services.create_unit(session, None, province, "南京市", "city", "320100")
    county = services.create_unit(session, None, city, "江宁区", "county", "320115")
    school = services.create_unit(session, None, county, "江宁区实验小学", "school", "3201150001")
    project = Project(code=code, name=course_title, year=today.year, series="bench", calendar="none", created_at=now)
    session.add(project)
    session.flush()
    batch = Batch(project_id=project.id, number=1, starts_on=today - timedelta(days=1),
                  ends_on=today + timedelta(days=18), registration_opens_at=now - timedelta(days=7),
                  registration_closes_at=now - timedelta(days=1))
    course = Course(title=course_title, subject="数学", stage="小学", required_minutes=600, created_at=now)
    session.add_all([batch, course])
    session.flush()
    klass = TrainingClass(course_id=course.id, batch_id=batch.id, name=class_name, created_at=now)
    session.add(klass)
    session.flush()
    return {"now": now, "school": school, "project": project, "batch": batch, "course": course, "klass": klass}
