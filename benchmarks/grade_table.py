"""A class's grade table (page, API, .xlsx) timed in-process on PostgreSQL: server time and the app's own
CPU time per request, which a machine shared with other work disturbs far less than wall time over
gunicorn. Seeds a throw-away database with a running batch (``benchmarks/seed_batch.py``: study time,
quiz results, forum posts, stored grades) in classes of ``--class-size``, then requests each route of the
first class ``--runs`` times as its tutor, interleaved; ``statements_wall`` is the time spent in the
database driver (statements sent until their answer is read). Target (docs/PERFORMANCE.md): p95 ≤ 100 ms.

    python benchmarks/grade_table.py --learners 2000 --class-size 200 --runs 30
"""
from __future__ import annotations

import argparse
import json
import re
import time

from sqlalchemy import event, insert

from harness import app_context, init_database, percentiles, server_env, throwaway_postgres
from seed_batch import seed_batch

PASSWORD = "bench2026x"


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--class-size", type=int, default=200)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    result = {"learners": args.learners, "class_size": args.class_size, "runs": args.runs, "routes": {}}
    with throwaway_postgres() as database_url:
        env = server_env(database_url)
        init_database(env)
        with app_context(env) as context:
            from lms.extensions import db
            from lms.org import services
            from lms.org.models import OrgUnit
            from lms.org.passwords import hash_password
            from lms.projects.models import class_tutor

            app = context.app
            seeded = seed_batch(db.session, args.learners, with_grades=True, class_size=args.class_size,
                                running=True)
            klass = seeded["class_ids"][0]
            tutor, _ = services.create_user(db.session, None, services.NewUser(
                username="bench_tutor", name="基准辅导员", org_unit=db.session.get(OrgUnit, seeded["province_id"]),
                roles=["tutor"]), password_hash=hash_password(PASSWORD))
            tutor.must_change_password = False
            db.session.flush()
            db.session.execute(insert(class_tutor), [{"class_id": klass, "user_id": tutor.id}])
            db.session.commit()
            db.session.remove()
        # Requests outside the seeding context: each pushes its own app context (g, session), as served.
        if True:
            page = app.test_client()
            form = page.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
            assert page.post("/login", data={"username": "bench_tutor", "password": PASSWORD,
                                             "csrf_token": token}).status_code == 302
            api = app.test_client()
            answer = api.post("/api/v1/auth/token", json={"username": "bench_tutor", "password": PASSWORD})
            assert answer.status_code == 200, answer.get_json()
            bearer = answer.get_json()["token"]
            headers = {"Authorization": f"Bearer {bearer}"}
            routes = {f"/classes/{klass}/grades": (page, {}), f"/api/v1/classes/{klass}/grades": (api, headers),
                      f"/api/v1/classes/{klass}/grades.xlsx": (api, headers)}
            wall = {path: [] for path in routes}
            cpu = {path: [] for path in routes}
            database = {path: [] for path in routes}
            spent = [0.0]

            def before(conn, cursor, statement, parameters, context, executemany):
                conn.info["lms_bench_started"] = time.perf_counter()

            def after(conn, cursor, statement, parameters, context, executemany):
                spent[0] += time.perf_counter() - conn.info.pop("lms_bench_started", time.perf_counter())

            with app.app_context():
                engine = db.engine
            event.listen(engine, "before_cursor_execute", before)
            event.listen(engine, "after_cursor_execute", after)
            for path, (client, h) in routes.items():  # warm: the first request of a process loads templates
                assert client.get(path, headers=h).status_code == 200, path
            for _ in range(args.runs):
                for path, (client, h) in routes.items():
                    spent[0] = 0.0
                    started, started_cpu = time.perf_counter(), time.process_time()
                    r = client.get(path, headers=h)
                    wall[path].append(time.perf_counter() - started)
                    cpu[path].append(time.process_time() - started_cpu)
                    database[path].append(spent[0])
                    assert r.status_code == 200, (path, r.status_code)
            for path in routes:
                result["routes"][path] = {"wall": percentiles(wall[path]), "cpu": percentiles(cpu[path]),
                                          "statements_wall": percentiles(database[path])}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return result


if __name__ == "__main__":
    main()
