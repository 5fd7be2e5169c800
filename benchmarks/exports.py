"""The province's statistics workbook as an export job vs the direct download, on a seeded batch.

Seeds a throw-away PostgreSQL database (the Jiangsu tree, N enrollments with grades: seed_batch), then times
the direct GET /api/v1/reports/participation.xlsx, the POST …/participation/exports that queues the same
work (what the user waits for before the page answers), and the job itself (lms.exports.tasks.perform, run
in-process as the worker would), from queued to done.

    python benchmarks/exports.py --enrollments 20000 --runs 3
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
    parser.add_argument("--enrollments", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with throwaway_postgres() as database_url:
        env = server_env(database_url, LMS_JOBS="manual")
        init_database(env)
        with app_context(env) as ctx:
            from lms.extensions import db
            from lms.org import services
            from lms.org.models import OrgUnit

            seeded = seed_batch(db.session, args.enrollments, with_grades=True)
            province = db.session.get(OrgUnit, seeded["province_id"])
            services.create_user(db.session, None, services.NewUser(
                username="bench_admin", name="管理员", org_unit=province, roles=["province_admin"],
                password="bench2026x"))
            db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            app = ctx.app
        app.config["JOBS"] = "manual"
        from lms.core import jobs

        client = app.test_client()
        token = client.post("/api/v1/auth/token", json={"username": "bench_admin", "password": "bench2026x"})
        headers = {"Authorization": "Bearer " + token.get_json()["token"]}
        direct, queued, job = [], [], []
        size = 0
        for _ in range(args.runs):
            started = time.perf_counter()
            r = client.get(f"/api/v1/reports/participation.xlsx?batch_id={seeded['batch_id']}", headers=headers)
            direct.append(time.perf_counter() - started)
            assert r.status_code == 200
            started = time.perf_counter()
            r = client.post("/api/v1/reports/participation/exports", json={"batch_id": seeded["batch_id"]},
                            headers=headers)
            queued.append(time.perf_counter() - started)
            assert r.status_code == 202, r.get_data()
            job_id = r.get_json()["id"]
            started = time.perf_counter()
            assert jobs.run_recorded(app) == 1
            job.append(time.perf_counter() - started)
            done = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
            assert done["state"] == "done", done
            size = done["file"]["size"]
    print(json.dumps({"enrollments": seeded["enrollments"], "xlsx_bytes": size,
                      "direct_download": percentiles(direct), "post_202": percentiles(queued),
                      "job_queued_to_done": percentiles(job)}, indent=2))


if __name__ == "__main__":
    main()
