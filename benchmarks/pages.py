"""Every page and GET API route each role reaches, timed on PostgreSQL and gunicorn at province scale.

Seeds a throw-away PostgreSQL database (the real Jiangsu tree; a running batch of ``--enrollments``
learners in classes of ``--class-size``, with study time, quiz results, forum posts, grades; one class
with ``--topics`` forum topics and an expert Q&A session), starts gunicorn on loopback, and for each role
(province, city, county and school admin, teacher, tutor, expert):

* signs in through the sign-in form and crawls the pages it is shown, following same-site links
  breadth first from the home page (at most ``--max-pages`` distinct addresses, two per address shape:
  ``/classes/12/grades`` and ``/classes/13/grades`` are one shape);
* takes an API token and calls every GET operation of the OpenAPI document whose path parameters it
  can fill from the seeded ids;

then times each address ``--repeat`` times and reports, per role, p50/p95/max over all timed requests,
the addresses that answered other than 2xx (refusals are expected for some API calls; they are counted,
not timed) and the slowest ten addresses by their own p95. Target (docs/PERFORMANCE.md): every page
p95 ≤ 100 ms.

    python benchmarks/pages.py --enrollments 100000 --class-size 200 --topics 500
    python benchmarks/pages.py --hosts 2 --workers 2      # two app hosts behind nginx (deploy/cluster.py)
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests
from sqlalchemy import insert, select, text

from harness import app_context, init_database, percentiles, serve, server_env, throwaway_postgres
from seed_batch import seed_batch

PASSWORD = "bench2026x"
ROLES = ("province_admin", "city_admin", "county_admin", "school_admin", "teacher", "tutor", "expert")
SKIP = re.compile(r"/(logout|lang/|static/)|\.(zip|pdf)$")  # signing out, switching language, files
SHAPE = re.compile(r"\d+")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and not href.startswith(("#", "mailto:", "javascript:")):
                self.found.append(href)


def seed(session, args) -> dict:
    """The batch, then one account per role, the teacher among the first class's learners."""
    from lms.forum.models import ForumPost, QaSession, qa_session_expert
    from lms.org import services
    from lms.org.models import OrgUnit, User
    from lms.org.passwords import hash_password
    from lms.projects.models import class_tutor
    from lms.core import clock

    seeded = seed_batch(session, args.enrollments, with_grades=True, class_size=args.class_size, running=True)
    province = session.get(OrgUnit, seeded["province_id"])
    school = session.get(OrgUnit, seeded["school_ids"][0])
    county, city = school.parent, school.parent.parent
    first_class = seeded["class_ids"][0]
    hashed = hash_password(PASSWORD)
    accounts = {}
    for role, unit in (("province_admin", province), ("city_admin", city), ("county_admin", county),
                       ("school_admin", school), ("tutor", province), ("expert", province)):
        user, _ = services.create_user(session, None, services.NewUser(
            username=f"bench_{role}", name="基准用户", org_unit=unit, roles=[role]), password_hash=hashed)
        accounts[role] = user
    # The teacher: the first seeded learner (school 0, class 0) gets a password.
    teacher = session.scalar(select(User).where(User.username == "b000000"))
    teacher.password_hash = hashed
    accounts["teacher"] = teacher
    for user in accounts.values():
        user.must_change_password = False
    session.flush()
    session.execute(insert(class_tutor), [{"class_id": first_class, "user_id": accounts["tutor"].id}])
    now = clock.now()
    qa = QaSession(class_id=first_class, title="专家答疑", starts_at=now - timedelta(hours=1),
                   ends_at=now + timedelta(hours=1), created_at=now)
    session.add(qa)
    session.flush()
    session.execute(insert(qa_session_expert), [{"session_id": qa.id, "user_id": accounts["expert"].id}])
    authors = session.execute(text("SELECT id, teacher_id FROM enrollment WHERE class_id = :c"),
                              {"c": first_class}).all()
    session.execute(insert(ForumPost), [
        {"class_id": first_class, "author_id": authors[i % len(authors)][1], "enrollment_id": authors[i % len(authors)][0],
         "title": f"研讨话题 {i + 1}", "body": "关于课堂提问设计的体会与困惑。" * 4, "counts": True, "featured": False,
         "pinned": False, "hidden": False, "reply_count": 0, "created_at": now - timedelta(minutes=i),
         "last_activity_at": now - timedelta(minutes=i)} for i in range(args.topics)])
    session.commit()
    seeded["accounts"] = {role: user.username for role, user in accounts.items()}
    seeded["enrollment_id"] = session.scalar(text("SELECT id FROM enrollment WHERE teacher_id = :t"),
                                             {"t": teacher.id})
    seeded["topic_id"] = session.scalar(text("SELECT max(id) FROM forum_post WHERE class_id = :c"), {"c": first_class})
    seeded["qa_id"] = qa.id
    seeded["unit_ids"] = {"province": province.id, "city": city.id, "county": county.id, "school": school.id}
    return seeded


def sign_in(base: str, username: str) -> requests.Session:
    browser = requests.Session()
    form = browser.get(base + "/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', form)
    r = browser.post(base + "/login", data={"username": username, "password": PASSWORD,
                                            "csrf_token": token.group(1)}, allow_redirects=False)
    if r.status_code != 302:
        raise RuntimeError(f"{username} could not sign in: {r.status_code}")
    return browser


def crawl(base: str, browser: requests.Session, limit: int) -> list[str]:
    """Same-site page addresses reachable from the home page, at most two per shape."""
    seen, shapes, order = set(), {}, []
    queue = deque(["/"])
    while queue and len(order) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        shape = SHAPE.sub("N", urlsplit(path).path)
        if shapes.get(shape, 0) >= 2:
            continue
        r = browser.get(base + path, allow_redirects=False)
        if r.status_code != 200 or "text/html" not in r.headers.get("Content-Type", ""):
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        order.append(path)
        parser = Links()
        parser.feed(r.text)
        for href in parser.found:
            target = urlsplit(urljoin(base + path, href))
            if target.netloc == urlsplit(base).netloc and not SKIP.search(target.path):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return order


def api_paths(base: str, seeded: dict) -> list[str]:
    """Every GET operation whose path parameters the seeded ids fill."""
    ids = {"batch_id": seeded["batch_id"], "class_id": seeded["class_ids"][0], "course_id": seeded["course_id"],
           "project_id": seeded["project_id"], "enrollment_id": seeded["enrollment_id"],
           "assignment_id": seeded["quiz_id"], "unit_id": seeded["unit_ids"]["school"],
           "org_unit_id": seeded["unit_ids"]["school"], "topic_id": seeded["topic_id"],
           "post_id": seeded["topic_id"], "session_id": seeded["qa_id"]}
    document = requests.get(base + "/api/v1/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", path)
        if all(name in ids for name in names):
            found.append("/api/v1" + re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)]), path))
    return found


def time_all(base: str, session: requests.Session, paths: list[str], repeat: int, headers=None, medians=None):
    timings, per_path, refused = [], {}, {}
    for path in paths:
        mine = []
        for _ in range(repeat):
            started = time.perf_counter()
            r = session.get(base + path, headers=headers, allow_redirects=False)
            elapsed = time.perf_counter() - started
            if not 200 <= r.status_code < 300:
                refused[path] = r.status_code
                break
            mine.append(elapsed)
        if mine:
            timings.extend(mine)
            figures = percentiles(mine)
            per_path[path] = figures["p95_ms"]
            if medians is not None:
                medians[path] = {"p50_ms": figures["p50_ms"], "p95_ms": figures["p95_ms"]}
    return timings, per_path, refused


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enrollments", type=int, default=100_000)
    parser.add_argument("--class-size", type=int, default=200)
    parser.add_argument("--topics", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-pages", type=int, default=120)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (per host with --hosts)")
    parser.add_argument("--hosts", type=int, default=0,
                        help="N app hosts behind the standalone nginx (deploy/cluster.py); 0: one gunicorn directly")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/2",
                        help="LMS_CACHE_URL: where the workers share an area's statistics ('' for each its own)")
    parser.add_argument("--only", default="", help="time only the addresses matching this regular expression "
                        "(e.g. 'grades|/classes/$'); each role's JSON then lists them with their own p50 and p95")
    args = parser.parse_args()
    result = {"enrollments": args.enrollments, "class_size": args.class_size, "topics": args.topics,
              "repeat": args.repeat, "hosts": args.hosts, "workers": args.workers, "roles": {}}
    with throwaway_postgres() as database_url:
        env = server_env(database_url, LMS_CACHE_URL=args.cache_url)
        init_database(env)
        began = time.perf_counter()
        with app_context(env):
            from lms.extensions import db
            seeded = seed(db.session, args)
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        result["seed_seconds"] = round(time.perf_counter() - began, 1)
        every_page: list[float] = []
        with serve(env, workers=args.workers, hosts=args.hosts) as base:
            apis = api_paths(base, seeded)
            for role in ROLES:
                username = seeded["accounts"][role]
                browser = sign_in(base, username)
                pages = crawl(base, browser, args.max_pages)
                only = re.compile(args.only) if args.only else None
                medians = {} if only else None
                if only:
                    pages = [p for p in pages if only.search(p)]
                page_times, page_p95, page_refused = time_all(base, browser, pages, args.repeat, medians=medians)
                token = requests.post(base + "/api/v1/auth/token",
                                      json={"username": username, "password": PASSWORD}).json()["token"]
                role_apis = [p for p in apis if only.search(p)] if only else apis
                api_times, api_p95, api_refused = time_all(base, requests.Session(), role_apis, args.repeat,
                                                           headers={"Authorization": f"Bearer {token}"},
                                                           medians=medians)
                every_page.extend(page_times)
                slowest = sorted({**page_p95, **api_p95}.items(), key=lambda item: -item[1])[:10]
                result["roles"][role] = {
                    "pages": len(page_p95), "page": {**percentiles(page_times),
                                                     "max_ms": round(max(page_times, default=0) * 1000, 1)},
                    "api_routes": len(api_p95), "api": {**percentiles(api_times),
                                                        "max_ms": round(max(api_times, default=0) * 1000, 1)},
                    "not_2xx": {**page_refused, **api_refused}, "slowest": dict(slowest)}
                if medians is not None:
                    result["roles"][role]["paths"] = medians
        result["all_pages"] = percentiles(every_page)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return result


if __name__ == "__main__":
    main()
