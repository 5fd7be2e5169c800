"""J8 under load: 1,000 concurrent enrollment requests for 100 seats against gunicorn on PostgreSQL.

Seeds a throw-away database (10 schools × 10 seats, 1,000 teachers, one school
admin token per school), starts gunicorn (4 workers) on 127.0.0.1, fires all
requests at once over their own connections (a small asyncio HTTP/1.1 client,
so the load generator leaves the CPU to the server), then prints the outcome:
successes must be exactly the number of seats, and the database must agree.

    python benchmarks/enroll_race.py                      # throw-away database and server
    python benchmarks/enroll_race.py --url http://127.0.0.1:8000 --database-url postgresql://…  # a running server
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import app_context, gunicorn, init_database, percentiles, server_env, throwaway_postgres  # noqa: E402

SCHOOLS = 10


def seed(env, requests: int, seats: int) -> tuple[list[tuple[str, int]], int, int]:
    """(token, teacher id) per request, the class id and the batch id."""
    with app_context(env):
        from lms.core import clock
        from lms.extensions import db
        from lms.org import services
        from lms.projects import services as projects
        from lms.quotas import services as quotas

        province = services.create_root(db.session, "江苏省", "320000")
        city = services.create_unit(db.session, None, province, "南京市", "city", "320100")
        county = services.create_unit(db.session, None, city, "江宁区", "county", "320115")
        project = projects.create_project(db.session, None, code=f"RACE{int(time.time())}", name="race", year=2026,
                                          series="race", calendar="none", quota_deadline=date(2099, 7, 7))
        today = clock.now().astimezone(clock.local_tz()).date()
        batch = projects.add_batch(db.session, None, project, number=1, starts_on=today + timedelta(days=2),
                                   ends_on=today + timedelta(days=21))
        course = projects.create_course(db.session, None, title="race", subject="数学", stage="初中",
                                        required_minutes=600)
        klass = projects.create_class(db.session, None, course, batch)
        for unit in (province, city, county):
            quotas.set_seats(db.session, None, batch, unit, seats)
        work: list[tuple[str, int]] = []
        per_school = requests // SCHOOLS
        hashed = "$argon2id$v=19$m=1024,t=1,p=1$bm9wZQ$bm9wZQ"  # nobody signs in: tokens are issued directly
        for s in range(SCHOOLS):
            school = services.create_unit(db.session, None, county, f"学校{s}", "school", f"32011500{s:02d}")
            quotas.set_seats(db.session, None, batch, school, seats // SCHOOLS)
            admin, _ = services.create_user(db.session, None, services.NewUser(
                username=f"race_admin{s}", name="管理员", org_unit=school, roles=["school_admin"]), password_hash=hashed)
            admin.must_change_password = False  # an admin at work has chosen its password (else every call is 403)
            token, _row = services.issue_token(db.session, admin, 2)
            for t in range(per_school):
                teacher, _ = services.create_user(db.session, None, services.NewUser(
                    username=f"race_t{s}_{t}", name="教师", org_unit=school, roles=["teacher"]), password_hash=hashed)
                work.append((token, teacher.id))
        db.session.commit()
        # Interleave the schools, as requests from a whole county would arrive.
        work = [work[i * per_school + j] for j in range(per_school) for i in range(SCHOOLS)]
        return work, klass.id, batch.id


async def _post(host: str, port: int, token: str, body: bytes) -> tuple[int, float, bytes]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"POST /api/v1/enrollments HTTP/1.1\r\nHost: " + host.encode() +
                 b"\r\nAuthorization: Bearer " + token.encode() + b"\r\nContent-Type: application/json\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    await writer.drain()
    response = await reader.read()
    writer.close()
    with contextlib.suppress(Exception):
        await writer.wait_closed()
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - started, response.rsplit(b"\r\n\r\n", 1)[-1]


async def fire(url: str, class_id: int, work: list[tuple[str, int]]) -> tuple[list, float]:
    host, port = url.split("//", 1)[1].split(":")
    bodies = [(token, json.dumps({"class_id": class_id, "teacher_id": teacher}).encode()) for token, teacher in work]
    began = time.perf_counter()
    results = await asyncio.gather(*(_post(host, int(port), token, body) for token, body in bodies))
    return results, time.perf_counter() - began


def verify(env, batch_id: int) -> dict:
    with app_context(env):
        from sqlalchemy import func, select

        from lms.enrollment.models import Enrollment
        from lms.extensions import db
        from lms.quotas.models import Quota

        rows = list(db.session.scalars(select(Quota).where(Quota.batch_id == batch_id)))
        return {"active_enrollments": db.session.scalar(select(func.count()).select_from(Enrollment).where(
                    Enrollment.batch_id == batch_id, Enrollment.status == "active")),
                "school_enrolled_sum": sum(r.enrolled for r in rows),
                "oversubscribed_rows": sum(1 for r in rows if r.allocated + r.enrolled > r.seats)}


def run(url: str, env, args) -> dict:
    work, class_id, batch_id = seed(env, args.requests, args.seats)
    results, wall = asyncio.run(fire(url, class_id, work))
    statuses = Counter(status for status, _t, _b in results)
    codes = Counter(json.loads(b)["error"]["code"] for s, _t, b in results if s >= 400 and b.startswith(b"{"))
    return {"date": datetime.now().date().isoformat(), "requests": len(results), "seats": args.seats,
            "successes": statuses.get(201, 0), "statuses": dict(statuses), "refusals": dict(codes),
            "seconds": round(wall, 2), "requests_per_s": round(len(results) / wall, 1),
            **percentiles([t for _s, t, _b in results]), **verify(env, batch_id), "workers": args.workers,
            "threads": args.threads}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
    parser.add_argument("--url", help="a running server (needs --database-url of its database, for seeding)")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.url:
        if not args.database_url:
            parser.error("--url needs --database-url")
        env = server_env(args.database_url)
        result = run(args.url, env, args)
    else:
        with throwaway_postgres() as database_url:
            env = server_env(database_url)
            init_database(env)
            with gunicorn(env, workers=args.workers, threads=args.threads) as url:
                result = run(url, env, args)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if result["successes"] != args.seats or result["oversubscribed_rows"] or result["active_enrollments"] != args.seats:
        sys.exit("FAILED: the number of enrollments differs from the number of seats")


if __name__ == "__main__":
    main()
