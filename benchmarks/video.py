"""A batch watching (issue 12): N viewers pull a lesson video at a phone's bit rate through nginx
(deploy/nginx/lms.conf, X-Accel-Redirect) in front of gunicorn, while pages and heartbeats are timed.

    python benchmarks/video.py --viewers 200 --video-mb 100 --seconds 60

Loopback only, bounded in viewers (≤ 1,000) and time (≤ 600 s). A throw-away PostgreSQL database
(LMS_BENCH_PG, as the other benchmarks), gunicorn with the README's 4 sync workers and its default 30 s
timeout, one nginx worker per core. Each viewer sends the `Range: bytes=0-` a browser's <video> sends and
reads at --kbps (1,600 kbit/s: a phone on 4G), and posts a heartbeat every 15 s as the player does; four
probes time `GET /api/v1/me`, `GET /api/v1/lessons/{id}` and the sign-in page throughout. Prints one JSON
object last: pages and heartbeats p50/p95/p99, non-2xx answers, media bytes and rates, gunicorn's worker
timeouts. Target (issue 12): 200 viewers of a 100 MB video, pages p95 ≤ 100 ms, no worker timeout, no non-2xx.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from harness import ROOT, app_context, free_port, init_database, percentiles, server_env, throwaway_postgres
from heartbeat import seed

KEY = "bench-signing-key"


def render_module():
    spec = importlib.util.spec_from_file_location("render_nginx", ROOT / "deploy" / "render_nginx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def attach_video(env: dict, media_root: Path, megabytes: int) -> int:
    """A ``megabytes`` file as the seeded lesson's video (nginx sends bytes; what they encode is irrelevant)."""
    media_root.mkdir(parents=True, exist_ok=True)
    key = "0" * 32 + ".mp4"
    chunk = os.urandom(1024 * 1024)
    with open(media_root / key, "wb") as out:
        for _ in range(megabytes):
            out.write(chunk)
    with app_context(env):
        from lms.extensions import db
        from lms.projects.models import Lesson

        lesson = db.session.query(Lesson).one()
        lesson.media_key, lesson.media_size, lesson.content_type = key, megabytes * 1024 * 1024, "video/mp4"
        db.session.commit()
        return lesson.id


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=5).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.pages: list[float] = []
        self.beats: list[float] = []
        self.statuses: dict[str, int] = {}
        self.media_bytes = 0
        self.media_first_byte: list[float] = []
        self.media_errors: list[str] = []

    def status(self, kind: str, code: int) -> None:
        key = f"{kind}:{code}"
        with self.lock:
            self.statuses[key] = self.statuses.get(key, 0) + 1


def viewer(base: str, token: str, enrollment: int, lesson: int, kbps: int, until: float, results: Results,
           beat_every: float, offset: float) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    session = requests.Session()
    rate = kbps * 1000 / 8  # bytes per second
    started = time.monotonic()
    next_beat = started + offset
    got = 0

    def beat(now: float) -> None:
        body = {"enrollment_id": enrollment, "lesson_id": lesson, "session_id": f"bench-session-{enrollment}",
                "position": now - started, "playing": True, "visible": True, "playback_rate": 1}
        t0 = time.perf_counter()
        try:
            r = session.post(f"{base}/api/v1/tracking/heartbeat", json=body, headers=auth, timeout=30)
            code = r.status_code
        except requests.RequestException:
            code = 0
        with results.lock:
            results.beats.append(time.perf_counter() - t0)
        results.status("heartbeat", code)

    try:
        t0 = time.perf_counter()
        with requests.get(f"{base}/api/v1/lessons/{lesson}/media", headers=dict(auth, Range="bytes=0-"),
                          stream=True, timeout=60) as r:
            results.status("media", r.status_code)
            first = True
            for chunk in r.iter_content(64 * 1024):
                if first:
                    with results.lock:
                        results.media_first_byte.append(time.perf_counter() - t0)
                    first = False
                got += len(chunk)
                now = time.monotonic()
                if now >= until:
                    break
                if now >= next_beat:
                    beat(now)
                    next_beat += beat_every
                ahead = got / rate - (now - started)  # a phone's bit rate: read no faster
                if ahead > 0:
                    time.sleep(min(ahead, max(0.0, until - now)))
    except requests.RequestException as error:
        with results.lock:
            results.media_errors.append(type(error).__name__)
    with results.lock:
        results.media_bytes += got


def prober(base: str, token: str, lesson: int, until: float, results: Results) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    session = requests.Session()
    paths = [("/api/v1/me", auth), (f"/api/v1/lessons/{lesson}", auth), ("/login", {})]
    n = 0
    while time.monotonic() < until:
        path, headers = paths[n % len(paths)]
        n += 1
        t0 = time.perf_counter()
        try:
            code = session.get(base + path, headers=headers, timeout=30).status_code
        except requests.RequestException:
            code = 0
        with results.lock:
            results.pages.append(time.perf_counter() - t0)
        results.status("page", code)
        time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--video-mb", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--kbps", type=int, default=1600)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (the README's 4)")
    args = parser.parse_args()
    viewers, seconds = min(max(args.viewers, 1), 1000), min(max(args.seconds, 5), 600)
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx is None:
        print(json.dumps({"error": "nginx is not installed (apt-get install nginx-light)"}))
        return 1
    with throwaway_postgres() as database_url:
        env = server_env(database_url, LMS_MEDIA_DELIVERY="x-accel", LMS_MEDIA_SIGNING_KEY=KEY,
                         LMS_TRUSTED_PROXIES="1", LMS_JOBS="manual")
        instance = Path(env["LMS_INSTANCE_PATH"])
        env["LMS_MEDIA_ROOT"] = str(instance / "media")
        init_database(env)
        learners = seed(env, viewers + 1)
        lesson = attach_video(env, instance / "media", args.video_mb)
        app_port, web_port = free_port(), free_port()
        conf = render_module().standalone(instance / "nginx", workers=os.cpu_count() or 2,
                                          listen=f"127.0.0.1:{web_port}", upstream=f"127.0.0.1:{app_port}",
                                          media_root=str(instance / "media"), signing_key=KEY)
        log_path = instance / "gunicorn.log"
        with open(log_path, "wb") as log:
            app = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b",
                                    f"127.0.0.1:{app_port}", "--log-level", "warning", "wsgi:app"],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            web = subprocess.Popen([nginx, "-c", str(conf), "-p", str(instance / "nginx")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{web_port}"
            results = Results()
            try:
                wait_up(f"http://127.0.0.1:{app_port}/healthz")
                wait_up(base + "/healthz")
                until = time.monotonic() + seconds
                probe_token = learners[-1][0]
                threads = [threading.Thread(target=prober, args=(base, probe_token, lesson, until, results))
                           for _ in range(4)]
                threads += [threading.Thread(target=viewer, args=(base, tok, enr, lesson, args.kbps, until, results,
                                                                  15.0, (i % 150) / 10))
                            for i, (tok, enr, _lesson) in enumerate(learners[:viewers])]
                started = time.monotonic()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=seconds + 90)
                elapsed = time.monotonic() - started
            finally:
                for process in (web, app):
                    process.terminate()
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        process.wait(timeout=30)
        timeouts = log_path.read_text(errors="replace").count("WORKER TIMEOUT")
    non_2xx = {k: v for k, v in results.statuses.items() if not 200 <= int(k.split(":")[1]) < 300}
    pages = percentiles(results.pages)
    summary = {
        "benchmark": "video", "viewers": viewers, "video_mb": args.video_mb, "seconds": seconds,
        "kbps_per_viewer": args.kbps, "gunicorn_workers": args.workers, "elapsed_s": round(elapsed, 1),
        "pages": dict(pages, count=len(results.pages)),
        "heartbeats": dict(percentiles(results.beats), count=len(results.beats)),
        "media": {"bytes": results.media_bytes,
                  "mean_kbps_per_viewer": round(results.media_bytes * 8 / 1000 / max(elapsed, 1) / viewers),
                  "first_byte": percentiles(results.media_first_byte), "errors": len(results.media_errors)},
        "statuses": results.statuses, "non_2xx": non_2xx, "worker_timeouts": timeouts,
        "target_met": pages["p95_ms"] <= 100 and not non_2xx and timeouts == 0 and not results.media_errors,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
