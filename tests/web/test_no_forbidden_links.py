"""No page shows a link its viewer cannot open: each demo role crawls the pages reachable from its home
(same-origin links, GET only, bounded) and no link answers 403, 404 or a server error.

Redirects are followed (a link to /quotas/ that lands on a refused page is as broken as a direct one).
The demo is the realistic fixture: every role, every kind of object (lms/demo).
"""
from __future__ import annotations

import re
from collections import Counter
from html import unescape
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import HTTPException

from lms.demo.loader import DEMO_PASSWORD, load_demo
from lms.extensions import db
from tests.helpers import csrf_token

SKIPPED_ENDPOINTS = {"static", "org.logout", "pages.set_language"}
PAGES_PER_ROLE = 220
PAGES_PER_SHAPE = 2
LINK = re.compile(r'href="([^"#]+)"')
# Words no page may show (read in Chinese, the default): a batch said twice, "。；", a rule id like "（J11）".
BAD_WORDS = re.compile(r"第\s*(\d+)\s*期\s*第\s*\1\s*期(?!\s*\()|。；|；。|（J\d+[a-z]?）|\(J\d+[a-z]?\)")


def page_words(html: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", text)))


def _same_origin(base: str, href: str) -> str | None:
    target = urljoin(base, href.replace("&amp;", "&"))
    parts = urlsplit(target)
    if parts.netloc and parts.netloc != "lms.test":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, adapter, words: list | None = None) -> list[tuple[str, int, str]]:
    """Every (path, status, the page that linked it) a signed-in role meets from its home; ``words`` collects
    (path, bad words) of the pages met."""
    queue, fetched, shapes, results = [("/", "(home)")], set(), Counter(), []
    while queue and len(fetched) < PAGES_PER_ROLE:
        url, source = queue.pop(0)
        if url in fetched:
            continue
        fetched.add(url)
        response = client.get(url)
        results.append((url, response.status_code, source))
        if response.status_code in (301, 302, 303):
            target = _same_origin(url, response.headers["Location"])
            if target and target not in fetched and not target.startswith("/login"):
                queue.insert(0, (target, f"{url} (redirect)"))
            continue
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        if words is not None:
            words += [(url, m.group(0)) for m in BAD_WORDS.finditer(page_words(html))]
        for href in LINK.findall(html):
            path = _same_origin(url, href)
            if path is None or path in fetched:
                continue
            try:
                endpoint, _args = adapter.match(urlsplit(path).path, method="GET")
            except HTTPException:
                continue
            if endpoint in SKIPPED_ENDPOINTS:
                continue
            shape = re.sub(r"\d+", "N", path)
            if shapes[shape] < PAGES_PER_SHAPE:
                shapes[shape] += 1
                queue.append((path, url))
    return results


def test_no_role_is_shown_a_link_it_cannot_open(app):
    with app.app_context():
        accounts = load_demo(db.session)
        db.session.commit()
    adapter = app.url_map.bind("lms.test")
    failures, reached, opened, words = [], {}, {}, []
    for role, username, _where in accounts:
        client = app.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                           "csrf_token": token}).status_code == 302, username
        results = crawl(client, adapter, words)
        reached[role] = len(results)
        opened[role] = {re.sub(r"\d+", "N", path) for path, status, _source in results if status == 200}
        failures += [(role, status, path, f"linked from {source}") for path, status, source in results
                     if status in (403, 404) or status >= 500]
    assert not failures, "\n".join(map(str, failures[:60]))
    assert not words, sorted(set(words))[:30]
    # The crawl went somewhere for everyone: a home with no ways on would pass vacuously.
    assert all(count >= 10 for count in reached.values()), reached
    # The expert reaches the class list and a class's Q&A (to schedule or answer) from its home, by links.
    assert {"/classes/", "/classes/N/qa"} <= opened["expert"], sorted(opened["expert"])
    assert "/classes/N/qa" in opened["tutor"]
