"""Beyond one server, with real processes (deploy/cluster.py): two gunicorn app hosts behind nginx and an
`lms worker`, sharing one database and Redis. Both hosts answer through the proxy, a sign-in made on one host
holds on the other, and a job asked for through one host is run by the worker and followed through the other.
Skipped only where nginx or gunicorn is not installed (CI installs both) or no Redis answers."""
from __future__ import annotations

import importlib.util
import os
import re
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests

from lms import create_app
from lms.extensions import db
from tests.deploy import deploy_script
from tests.factories import PASSWORD, Factories
from tests.programme import Programme

REPO = Path(__file__).resolve().parents[2]
# Databases of their own on the local Redis, so that no other `lms worker` there takes this test's jobs.
REDIS_BASE = os.environ.get("LMS_REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
QUEUE_URL, LIMITS_URL = f"{REDIS_BASE}/13", f"{REDIS_BASE}/14"


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(QUEUE_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


cluster = deploy_script("cluster")
pytestmark = [
    pytest.mark.skipif(cluster.NGINX is None or importlib.util.find_spec("gunicorn") is None,
                       reason="needs nginx and gunicorn (CI installs nginx-light)"),
    pytest.mark.skipif(not _redis_up(), reason="no Redis answers at LMS_REDIS_URL"),
]


def build_data(database: Path) -> dict:
    """A province admin and a running batch: enough for the statistics workbook, an export job."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "seed", "TESTING": True,
                      "JOBS": "manual", "ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1})
    with app.app_context():
        from flask_migrate import upgrade
        upgrade(directory=str(REPO / "migrations"))
    make, programme = Factories(app), Programme(app)
    tree = make.tree()
    admin = make.admin(tree["province"])
    batch = programme.batch(programme.project())
    with app.app_context():
        db.engine.dispose()
    return {"admin": admin.username, "batch": batch}


def forget_queue() -> None:
    """The queue's and the scheduler's keys this run left in its Redis databases (the next periodic run)."""
    for url in (QUEUE_URL, LIMITS_URL):
        connection = redis.Redis.from_url(url)
        for key in connection.scan_iter("rq:*"):
            connection.delete(key)
        for key in connection.scan_iter("LIMITS*"):
            connection.delete(key)


@pytest.fixture
def running(tmp_path):
    tmp = tmp_path
    data = build_data(tmp / "lms.sqlite3")
    forget_queue()
    # Nothing of this test process's own LMS_ settings: the hosts get only what the cluster shares.
    base = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
    base.update(LMS_ARGON2_MEMORY_KIB="1024", LMS_ARGON2_TIME_COST="1")
    env = cluster.cluster_env(tmp, database_url=f"sqlite:///{tmp / 'lms.sqlite3'}", redis_url=QUEUE_URL,
                              ratelimit_url=LIMITS_URL, base=base)
    shape = cluster.Cluster(env, run_dir=tmp / "run", hosts=2, workers=1, job_workers=1)
    try:
        with shape:
            yield shape, data
    finally:
        forget_queue()


def requests_per_host(shape, marker: str) -> list[int]:
    """Each host's access-log lines for requests carrying `marker`: the readiness probes and anything else the
    cluster answered (a probe's line can be written after this test starts) are not counted."""
    return [sum(marker in line for line in shape.access_log(i).read_text().splitlines())
            if shape.access_log(i).exists() else 0 for i in range(shape.hosts)]


def the_proxy_spreads_requests_over_both_hosts(shape):
    marker = f"spread-{uuid.uuid4().hex}"
    for _ in range(20):
        assert requests.get(f"{shape.url}/login", params={"probe": marker}, timeout=20).status_code == 200
    served, deadline = [], time.monotonic() + 10
    while time.monotonic() < deadline:  # gunicorn writes its access log line after the answer
        served = requests_per_host(shape, marker)
        if sum(served) >= 20:
            break
        time.sleep(0.1)
    assert sum(served) == 20 and all(n >= 5 for n in served), served


def a_sign_in_on_one_host_holds_on_the_other(shape, data):
    first, second = shape.host_urls
    browser = requests.Session()
    form = browser.get(f"{first}/login", timeout=20).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    signed_in = browser.post(f"{first}/login", data={"username": data["admin"], "password": PASSWORD,
                                                     "csrf_token": token}, allow_redirects=False, timeout=20)
    assert signed_in.status_code == 302, signed_in.text[:300]
    # The session cookie was signed on the first host; the second, with the same key, reads it.
    page = browser.get(f"{second}/account/", allow_redirects=False, timeout=20)
    assert page.status_code == 200 and data["admin"] in page.text
    assert browser.get(f"{shape.url}/account/", allow_redirects=False, timeout=20).status_code == 200
    stranger = requests.get(f"{second}/account/", allow_redirects=False, timeout=20)
    assert stranger.status_code == 302 and "/login" in stranger.headers["Location"]


def a_job_asked_through_one_host_is_run_by_the_worker(shape, data):
    first, second = shape.host_urls
    issued = requests.post(f"{first}/api/v1/auth/token", json={"username": data["admin"], "password": PASSWORD},
                           timeout=20)
    assert issued.status_code == 200, issued.text
    auth = {"Authorization": f"Bearer {issued.json()['token']}"}
    asked = requests.post(f"{first}/api/v1/reports/participation/exports", json={"batch_id": data["batch"]},
                          headers=auth, timeout=20)
    assert asked.status_code == 202, asked.text
    job_id = asked.json()["id"]
    deadline, state = time.monotonic() + 60, None
    while time.monotonic() < deadline:
        state = requests.get(f"{second}/api/v1/jobs/{job_id}", headers=auth, timeout=20).json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.3)
    assert state["state"] == "done", state
    workbook = requests.get(f"{shape.url}/api/v1/jobs/{job_id}/file", headers=auth, timeout=20)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"  # an .xlsx is a zip


def test_two_hosts_behind_the_proxy_with_a_worker(running):
    """One cluster for the three checks: its worker must be the only one on its Redis queue (a second cluster
    started by a parallel test process would take this one's jobs)."""
    shape, data = running
    the_proxy_spreads_requests_over_both_hosts(shape)
    a_sign_in_on_one_host_holds_on_the_other(shape, data)
    a_job_asked_through_one_host_is_run_by_the_worker(shape, data)
