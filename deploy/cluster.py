#!/usr/bin/env python3
"""Start the production shape on this machine from local binaries: N gunicorn app hosts on their own ports, an
unprivileged nginx (deploy/nginx/lms.conf) balancing across them, and `lms worker` job workers, against one
database and Redis; Ctrl-C stops everything (docs/DEPLOYMENT.md, "Beyond one server").

    python deploy/cluster.py --database-url postgresql://postgres@127.0.0.1/lms --hosts 2 --workers 2 --init

Used as a module by tests/deploy/test_cluster.py and by the benchmarks' ``--hosts`` (``Cluster``).
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")  # /usr/sbin: not on a user's PATH


def _render_module():
    spec = importlib.util.spec_from_file_location("render_nginx", HERE / "render_nginx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float, process: subprocess.Popen | None = None) -> None:
    """Until ``url`` answers 200 (gunicorn's workers are up, or nginx passes through to one)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process stopped with {process.returncode}")
        with contextlib.suppress(urllib.error.URLError, OSError):
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


def cluster_env(run_dir: Path, *, database_url: str, redis_url: str, ratelimit_url: str | None = None,
                replica_url: str | None = None, jobs: str = "rq", base: dict | None = None) -> dict[str, str]:
    """What every host and worker shares: the database, Redis (job queue, rate limits, statistics), one secret
    key, the media and exports folders, and the trust in the one proxy in front."""
    env = dict(os.environ if base is None else base)
    signing = env.get("LMS_MEDIA_SIGNING_KEY") or secrets.token_hex(16)
    env.update({"LMS_DATABASE_URL": database_url, "LMS_REDIS_URL": redis_url, "LMS_JOBS": jobs,
                "LMS_RATELIMIT_STORAGE_URL": ratelimit_url or redis_url, "LMS_CACHE_URL": redis_url,
                "LMS_SECRET_KEY": env.get("LMS_SECRET_KEY") or secrets.token_hex(32),
                "LMS_INSTANCE_PATH": env.get("LMS_INSTANCE_PATH") or str(run_dir / "instance"),
                "LMS_MEDIA_ROOT": env.get("LMS_MEDIA_ROOT") or str(run_dir / "media"),
                "LMS_EXPORTS_ROOT": env.get("LMS_EXPORTS_ROOT") or str(run_dir / "exports"),
                "LMS_MEDIA_DELIVERY": "x-accel", "LMS_MEDIA_SIGNING_KEY": signing, "LMS_TRUSTED_PROXIES": "1"})
    if replica_url:
        env["LMS_DATABASE_REPLICA_URL"] = replica_url
    return env


class Cluster:
    """``hosts`` gunicorn app hosts (``workers`` each) behind one nginx, and ``job_workers`` `lms worker`s.

    ``pin``: each host runs on one CPU of its own where there are enough (``taskset``), to show what a host adds.
    ``access_logs``: each host logs every request to ``host<n>.access.log`` (the benchmarks turn it off).
    ``start`` returns once nginx passes requests through to every host; ``stop`` ends them all, nginx first.
    """

    def __init__(self, env: dict[str, str], *, run_dir: Path, hosts: int = 2, workers: int = 2, job_workers: int = 1,
                 listen: str | None = None, app: str = "wsgi:app", pin: bool = False, nginx_workers: int = 1,
                 timeout: int = 120, access_logs: bool = True) -> None:
        if NGINX is None:
            raise RuntimeError("nginx is needed: apt-get install nginx-light")
        if hosts < 1:
            raise ValueError("at least one app host")
        self.env, self.run_dir = env, Path(run_dir)
        self.hosts, self.workers, self.job_workers, self.app = hosts, workers, job_workers, app
        self.pin, self.nginx_workers, self.timeout, self.access_logs = pin, nginx_workers, timeout, access_logs
        self.listen = listen or f"127.0.0.1:{free_port()}"
        self.ports = [free_port() for _ in range(hosts)]
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self._logs: list = []

    @property
    def url(self) -> str:
        host, _, port = self.listen.rpartition(":")
        return f"http://{host or '127.0.0.1'}:{port}"

    @property
    def host_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def access_log(self, host: int) -> Path:
        return self.run_dir / f"host{host + 1}.access.log"

    def _spawn(self, name: str, command: list[str], cpu: int | None = None) -> subprocess.Popen:
        if cpu is not None and shutil.which("taskset"):
            command = ["taskset", "-c", str(cpu), *command]
        log = (self.run_dir / f"{name}.log").open("ab")
        self._logs.append(log)
        process = subprocess.Popen(command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # Ctrl-C in a terminal reaches only us: we stop them
        self.processes.append((name, process))
        return process

    def start(self) -> "Cluster":
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for key in ("LMS_MEDIA_ROOT", "LMS_EXPORTS_ROOT", "LMS_INSTANCE_PATH"):
            Path(self.env[key]).mkdir(parents=True, exist_ok=True)
        try:
            cpus = os.cpu_count() or 1
            gunicorns = []
            for i, port in enumerate(self.ports):
                logging = ["--access-logfile", str(self.access_log(i))] if self.access_logs else []
                gunicorns.append(self._spawn(f"host{i + 1}", [
                    sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-b", f"127.0.0.1:{port}",
                    "--timeout", str(self.timeout), *logging, self.app], cpu=i % cpus if self.pin else None))
            conf = _render_module().standalone(
                self.run_dir / "nginx", workers=self.nginx_workers, listen=self.listen,
                upstream=[f"127.0.0.1:{port}" for port in self.ports], media_root=self.env["LMS_MEDIA_ROOT"],
                signing_key=self.env["LMS_MEDIA_SIGNING_KEY"])
            nginx = self._spawn("nginx", [NGINX, "-c", str(conf), "-p", str(self.run_dir / "nginx")])
            for url, process in zip(self.host_urls, gunicorns):
                wait_for(url + "/healthz", 90, process)
            wait_for(self.url + "/healthz", 30, nginx)
            for i in range(self.job_workers):
                self._spawn(f"worker{i + 1}", [sys.executable, "-m", "lms.cli", "worker"])
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """nginx first (no new requests), then the hosts finish theirs (gunicorn's graceful TERM), then the
        workers finish the job in hand (rq's warm shutdown on TERM)."""
        for name, process in sorted(self.processes, key=lambda item: item[0] != "nginx"):
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        for _name, process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="The hosts share LMS_SECRET_KEY (generated unless set), the media and "
                                            "exports folders under --run-dir, the database and Redis.")
    parser.add_argument("--database-url", default=os.environ.get("LMS_DATABASE_URL"),
                        help="the one database of every host (default: LMS_DATABASE_URL)")
    parser.add_argument("--replica-url", default=os.environ.get("LMS_DATABASE_REPLICA_URL"),
                        help="a streaming replica for the routes marked for it (LMS_DATABASE_REPLICA_URL)")
    parser.add_argument("--redis-url", default=os.environ.get("LMS_REDIS_URL", "redis://127.0.0.1:6379/0"),
                        help="the job queue")
    parser.add_argument("--ratelimit-url", default=os.environ.get("LMS_RATELIMIT_STORAGE_URL"),
                        help="rate-limit counters shared by the hosts (default: the job queue's Redis)")
    parser.add_argument("--hosts", type=int, default=2, help="app hosts (gunicorn processes), default 2")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host, default 2")
    parser.add_argument("--job-workers", type=int, default=1, help="`lms worker` processes, default 1")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="nginx's address, default 127.0.0.1:8080")
    parser.add_argument("--run-dir", help="logs, nginx's files, media and exports (default: a new temp folder)")
    parser.add_argument("--pin", action="store_true", help="each host on a CPU of its own (taskset)")
    parser.add_argument("--init", action="store_true", help="run `lms init` (the migrations) first")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url (or set LMS_DATABASE_URL)")
    run_dir = Path(args.run_dir or tempfile.mkdtemp(prefix="lms-cluster-")).resolve()
    env = cluster_env(run_dir, database_url=args.database_url, redis_url=args.redis_url,
                      ratelimit_url=args.ratelimit_url, replica_url=args.replica_url)
    if args.init:
        subprocess.run([sys.executable, "-m", "lms.cli", "init"], cwd=REPO, env=env, check=True)
    cluster = Cluster(env, run_dir=run_dir, hosts=args.hosts, workers=args.workers, job_workers=args.job_workers,
                      listen=args.listen, pin=args.pin)
    # Ctrl-C and TERM alike (a shell's background job ignores SIGINT unless a handler is set).
    stopping = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.append(True))
    with cluster:
        print(f"LMS at {cluster.url}/ — {args.hosts} app hosts ({', '.join(cluster.host_urls)}), "
              f"{args.job_workers} job worker(s); logs in {run_dir}. Ctrl-C stops.", flush=True)
        while not stopping:
            for name, process in cluster.processes:
                if process.poll() is not None:
                    print(f"{name} stopped ({process.returncode}): see {run_dir / (name + '.log')}", file=sys.stderr)
                    return 1
            time.sleep(0.5)
        print("stopping…", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
