"""The province participation report of a batch with 100,000 enrollments (docs/ARCHITECTURE.md target: ≤ 500 ms).

Seeds a throw-away PostgreSQL database (the real Jiangsu tree, 100,000 enrollments with study time,
quiz results, forum posts and grades), then times GET /api/v1/reports/participation for the province
(server time: the app's own request handling, in-process), and its .xlsx twin; then the same report for
the first school's city and county, each as its own admin (``levels``). ``--earlier-batches N`` seeds N
earlier batches of the project, each as large, first: the report of a year's later batch reads tables that hold
the earlier ones too.

    python benchmarks/reports.py --enrollments 100000 --runs 10 [--earlier-batches 4]
"""
from __future__ import annotations

import argparse
import json
import time

from sqlalchemy import text

from harness import app_context, init_database, percentiles, server_env, throwaway_postgres
from seed_batch import seed_batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enrollments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--earlier-batches", type=int, default=0)
    args = parser.parse_args()
    with throwaway_postgres() as database_url:
        env = server_env(database_url)
        init_database(env)
        with app_context(env) as ctx:
            from lms.extensions import db
            from lms.org import services
            from lms.org.models import OrgUnit

            began = time.perf_counter()
            seeded = seed_batch(db.session, args.enrollments, with_grades=True,
                                 earlier_batches=args.earlier_batches)
            seed_seconds = time.perf_counter() - began
            province = db.session.get(OrgUnit, seeded["province_id"])
            county = db.session.get(OrgUnit, seeded["school_ids"][0]).parent
            for username, unit, role in (("bench_admin", province, "province_admin"),
                                         ("bench_city", county.parent, "city_admin"),
                                         ("bench_county", county, "county_admin")):
                services.create_user(db.session, None, services.NewUser(
                    username=username, name="管理员", org_unit=unit, roles=[role], password="bench2026x"))
            db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            app = ctx.app
        # Requests run outside the seeding context, each in its own, as under a server.
        client = app.test_client()

        def timed(username: str, path: str, runs: int) -> tuple[list[float], object]:
            """``runs`` answers to ``path`` as ``username``, each timed (and checked), and the last one."""
            token = client.post("/api/v1/auth/token", json={"username": username, "password": "bench2026x"})
            headers = {"Authorization": "Bearer " + token.get_json()["token"]}
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                answer = client.get(path, headers=headers)
                times.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.get_data()
            return times, answer

        report = f"/api/v1/reports/participation?batch_id={seeded['batch_id']}"
        timings, r = timed("bench_admin", report, args.runs)
        xlsx, _ = timed("bench_admin", f"/api/v1/reports/participation.xlsx?batch_id={seeded['batch_id']}", 3)
        body = r.get_json()
        levels = {level: percentiles(timed(f"bench_{level}", report, args.runs)[0]) for level in ("city", "county")}
    print(json.dumps({"enrollments": seeded["enrollments"], "earlier_batches": args.earlier_batches, "cities": len(body["rows"]),
                      "enrolled_counted": body["summary"]["enrolled"], "seed_seconds": round(seed_seconds, 1),
                      "report": percentiles(timings), "report_max_ms": round(max(timings) * 1000, 1),
                      "xlsx": percentiles(xlsx), "levels": levels}, indent=2))


if __name__ == "__main__":
    main()
