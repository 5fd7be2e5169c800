"""What the first users of a fresh gunicorn worker wait for: its start, then each address's first and second
answer (``lms.warm_up`` moves the per-process loading from the first answers into the start).

Starts gunicorn with one worker on a throw-away PostgreSQL database ``--rounds`` times; each round times the
worker's start (until ``/healthz`` answers), then ``/login`` (a page: its templates) and
``/api/v1/openapi.json`` (the API's document) twice each. Prints the medians of the rounds.

    python benchmarks/first_answers.py --rounds 5
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

import requests

from harness import ROOT, free_port, init_database, server_env, throwaway_postgres

ADDRESSES = ("/login", "/api/v1/openapi.json")


def one_round(env: dict[str, str]) -> dict[str, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                                "--log-level", "warning", "wsgi:app"], env=env, cwd=ROOT)
    try:
        while True:
            try:
                if requests.get(url + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.perf_counter() - began > 120:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.02)
        times = {"start_ms": (time.perf_counter() - began) * 1000}
        for address in ADDRESSES:
            for which in ("first", "second"):
                started = time.perf_counter()
                assert requests.get(url + address, timeout=30).status_code == 200
                times[f"{address} {which}_ms"] = (time.perf_counter() - started) * 1000
        return times
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with throwaway_postgres() as database_url:
        env = server_env(database_url)
        init_database(env)
        rounds = [one_round(env) for _ in range(args.rounds)]
    result = {"rounds": args.rounds,
              **{key: round(statistics.median(r[key] for r in rounds), 1) for key in rounds[0]}}
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
