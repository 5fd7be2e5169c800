"""Sign-in throughput with OWASP's minimum Argon2id (19 MiB, 2 passes) — docs/ARCHITECTURE.md target ≥ 60/s.

Starts gunicorn (4 workers) on a throw-away PostgreSQL database, creates teachers, then signs them
in concurrently through POST /api/v1/auth/token for a fixed duration.

    python benchmarks/signin.py --seconds 20 --concurrency 16
"""
from __future__ import annotations

import argparse
import json
import threading
import time

import requests

from harness import app_context, gunicorn, init_database, percentiles, server_env, throwaway_postgres

PASSWORD = "bench2026x"


def seed(env, users: int) -> list[str]:
    with app_context(env):
        from lms.extensions import db
        from lms.org import passwords, services

        province = services.create_root(db.session, "江苏省", "320000")
        city = services.create_unit(db.session, None, province, "南京市", "city", "320100")
        county = services.create_unit(db.session, None, city, "江宁区", "county", "320115")
        school = services.create_unit(db.session, None, county, "江宁区实验小学", "school", "3201150001")
        names = []
        for i in range(users):
            # Each teacher gets an own salt and hash at the production cost, as a real import would.
            new = services.NewUser(username=f"bench{i:05d}", name="教师", org_unit=school, roles=["teacher"])
            services.create_user(db.session, None, new, password_hash=passwords.hash_password(PASSWORD))
            names.append(new.username)
        db.session.commit()
        return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    with throwaway_postgres() as database_url:
        env = server_env(database_url)
        init_database(env)
        usernames = seed(env, args.users)
        with gunicorn(env, workers=args.workers) as url:
            latencies: list[float] = []
            failures = [0]
            lock = threading.Lock()
            deadline = time.perf_counter() + args.seconds

            def worker(offset: int) -> None:
                session = requests.Session()
                i = offset
                while time.perf_counter() < deadline:
                    started = time.perf_counter()
                    r = session.post(url + "/api/v1/auth/token",
                                     json={"username": usernames[i % len(usernames)], "password": PASSWORD})
                    elapsed = time.perf_counter() - started
                    with lock:
                        if r.status_code == 200:
                            latencies.append(elapsed)
                        else:
                            failures[0] += 1
                    i += args.concurrency

            threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.concurrency)]
            began = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - began
    result = {"sign_ins": len(latencies), "failures": failures[0], "seconds": round(wall, 1),
              "sign_ins_per_s": round(len(latencies) / wall, 1), **percentiles(latencies),
              "argon2": "id, m=19456 KiB, t=2, p=1", "workers": args.workers, "concurrency": args.concurrency}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
