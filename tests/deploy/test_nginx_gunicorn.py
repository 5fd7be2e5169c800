"""Issue 12, proved with real servers: nginx (deploy/nginx/lms.conf) in front of gunicorn, each on a free port
of 127.0.0.1. A media request is answered by nginx with ranges after the app's check, an unauthorised one is
refused, a signed URL expires. Skipped only where nginx or gunicorn is not installed (CI installs both)."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import requests

from lms import create_app
from lms.core import jobs
from lms.extensions import db
from lms.org.models import User
from lms.projects import lessons, media
from lms.projects.models import Course, Lesson
from tests.deploy import deploy_script
from tests.factories import PASSWORD, Factories
from tests.programme import Programme

REPO = Path(__file__).resolve().parents[2]
KEY = "integration-signing-key"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")  # /usr/sbin: not on a user's PATH
cluster = deploy_script("cluster")  # its free_port and wait_for
pytestmark = pytest.mark.skipif(NGINX is None or importlib.util.find_spec("gunicorn") is None,
                                reason="needs nginx and gunicorn (CI installs nginx-light)")


def build_data(tmp: Path) -> dict:
    """A learner enrolled in a class whose course has a transcoded video; a stranger who is not."""
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'lms.sqlite3'}", "SECRET_KEY": "k", "TESTING": True,
              "MEDIA_ROOT": str(tmp / "media"), "JOBS": "manual", "TRANSCODE_PRESET": "ultrafast",
              "ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}
    app = create_app(config)
    with app.app_context():
        from flask_migrate import upgrade
        upgrade(directory=str(REPO / "migrations"))
    make, programme = Factories(app), Programme(app)
    tree = make.tree()
    admin = make.admin(tree["province"])
    learner = make.user(tree["school111"], "teacher")
    stranger = make.user(tree["school211"], "teacher")
    batch = programme.batch(programme.project())
    course = programme.course(minutes=1)
    klass = programme.klass(batch, course)
    programme.seats_down_to(batch, tree, "school111", 2)
    programme.enroll(klass, learner)
    video = media.make_test_video(tmp / "source.webm", 8)
    with app.app_context():
        with video.open("rb") as stream:
            lesson = lessons.add_video(db.session, db.session.get(User, admin.id), db.session.get(Course, course),
                                       "第一讲", stream, "a.webm", media.configured_storage(), 10**9)
        lesson_id = lesson.id
        db.session.commit()
    if shutil.which("ffmpeg"):
        jobs.run_recorded(app)
    with app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        found = {"lesson": lesson.id, "key": lesson.media_key, "hls": lesson.hls_key,
                 "size": media.configured_storage().path_for(lesson.media_key).stat().st_size}
    return dict(found, learner=learner.username, stranger=stranger.username)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("servers")
    data = build_data(tmp)
    app_port, web_port = cluster.free_port(), cluster.free_port()
    env = dict(os.environ, LMS_DATABASE_URL=f"sqlite:///{tmp / 'lms.sqlite3'}", LMS_SECRET_KEY="k",
               LMS_INSTANCE_PATH=str(tmp / "instance"), LMS_MEDIA_ROOT=str(tmp / "media"),
               LMS_MEDIA_DELIVERY="x-accel", LMS_MEDIA_SIGNING_KEY=KEY, LMS_JOBS="manual", LMS_TRUSTED_PROXIES="1")
    conf = deploy_script("render_nginx").standalone(tmp / "nginx", listen=f"127.0.0.1:{web_port}",
                                       upstream=f"127.0.0.1:{app_port}", media_root=str(tmp / "media"),
                                       signing_key=KEY)
    logs = (tmp / "gunicorn.log").open("wb")
    app_server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{app_port}",
                                   "wsgi:app"], cwd=REPO, env=env, stdout=logs, stderr=subprocess.STDOUT)
    web_server = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp / "nginx")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        cluster.wait_for(f"http://127.0.0.1:{app_port}/login", 40)
        cluster.wait_for(f"http://127.0.0.1:{web_port}/static/js/player.js", 40)
        base = f"http://127.0.0.1:{web_port}"

        def token(username):
            r = requests.post(f"{base}/api/v1/auth/token", json={"username": username, "password": PASSWORD},
                              timeout=20)
            assert r.status_code == 200, r.text
            return {"Authorization": f"Bearer {r.json()['token']}"}

        yield dict(data, base=base, app=f"http://127.0.0.1:{app_port}", learner_auth=token(data["learner"]),
                   stranger_auth=token(data["stranger"]))
    finally:
        for process in (web_server, app_server):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()


def test_nginx_sends_the_video_with_ranges_after_the_app_said_yes(servers):
    url = f"{servers['base']}/api/v1/lessons/{servers['lesson']}/media"
    r = requests.get(url, headers=dict(servers["learner_auth"], Range="bytes=100-199"), timeout=20)
    assert r.status_code == 206 and len(r.content) == 100
    assert r.headers["Content-Range"] == f"bytes 100-199/{servers['size']}"
    assert r.headers["Content-Type"] == "video/webm" and "X-Accel-Redirect" not in r.headers
    whole = requests.get(url, headers=dict(servers["learner_auth"], Range="bytes=0-"), timeout=20)
    assert whole.status_code == 206 and len(whole.content) == servers["size"]
    # gunicorn itself sent no byte: only the header that hands the file to nginx.
    direct = requests.get(url.replace(servers["base"], servers["app"]), headers=servers["learner_auth"], timeout=20)
    assert direct.content == b"" and direct.headers["X-Accel-Redirect"] == f"/_media/{servers['key']}"


def test_unauthorised_requests_get_no_bytes(servers):
    url = f"{servers['base']}/api/v1/lessons/{servers['lesson']}/media"
    assert requests.get(url, timeout=20).status_code == 401
    assert requests.get(url, headers=servers["stranger_auth"], timeout=20).status_code == 403
    # The internal location is reachable only through the app's X-Accel-Redirect.
    assert requests.get(f"{servers['base']}/_media/{servers['key']}", timeout=20).status_code == 404


def nginx_now(base: str) -> int:
    """nginx's own clock (its Date header): under CI's moved clock it is not this process's."""
    r = requests.get(f"{base}/static/js/player.js", timeout=20)
    return int(parsedate_to_datetime(r.headers["Date"]).timestamp())


def test_signed_url_works_then_expires_and_cannot_be_forged(servers):
    def url(expires, signed_for=None):
        signature = media.sign(servers["key"], signed_for or expires, KEY)
        return f"{servers['base']}/media/{signature}/{expires}/{servers['key']}"

    now = nginx_now(servers["base"])
    r = requests.get(url(now + 60), headers={"Range": "bytes=0-9"}, timeout=20)
    assert r.status_code == 206 and len(r.content) == 10
    assert requests.get(url(now + 60, signed_for=now + 3600), timeout=20).status_code == 403  # forged expiry
    assert requests.get(url(now - 1), timeout=20).status_code == 410  # a second past its expiry


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg for the HLS renditions")
def test_hls_renditions_through_nginx_and_a_signed_folder(servers):
    assert servers["hls"], "the transcoding job made no renditions"
    auth = servers["learner_auth"]
    master = requests.get(f"{servers['base']}/api/v1/lessons/{servers['lesson']}/hls/master.m3u8", headers=auth,
                          timeout=20)
    assert master.status_code == 200 and "720p/index.m3u8" in master.text
    assert master.headers["Content-Type"] == "application/vnd.apple.mpegurl"
    expires = nginx_now(servers["base"]) + 600
    folder = f"{servers['base']}/media/{media.sign(servers['hls'], expires, KEY)}/{expires}/{servers['hls']}"
    playlist = requests.get(f"{folder}/360p/index.m3u8", timeout=20)
    assert playlist.status_code == 200
    segment = next(line for line in playlist.text.splitlines() if line.endswith(".ts"))
    r = requests.get(f"{folder}/360p/{segment}", headers={"Range": "bytes=0-187"}, timeout=20)
    assert r.status_code == 206 and r.content[0] == 0x47
