"""A class forum with more topics than a page: the page has a pager and every topic is on some page; the API
pages the same list (page, per_page, total)."""
from __future__ import annotations

import re
from datetime import timedelta

from lms.core import clock
from lms.extensions import db
from lms.forum.models import ForumPost
from tests.forum.conftest import DURING
from tests.helpers import sign_in

TOPICS = 71


def _many_topics(room) -> None:
    with room.app.app_context():
        for n in range(TOPICS):
            at = DURING - timedelta(hours=2, minutes=n)
            db.session.add(ForumPost(class_id=room.klass, author_id=room.tutor.id, title=f"话题{n:02d}",
                                     body="正文", created_at=at, last_activity_at=at))
        db.session.commit()


def test_the_forum_page_pages_its_topics(room):
    _many_topics(room)
    with clock.frozen_at(DURING):
        client = room.app.test_client()
        sign_in(client, room.tutor)
        seen, pages = set(), 0
        html = client.get(f"/classes/{room.klass}/forum").get_data(as_text=True)
        links = set(re.findall(rf'href="(/classes/{room.klass}/forum\?page=\d+)"', html))
        assert len(links) == 3  # 30 + 30 + 11
        for link in sorted(links):
            r = client.get(link)
            assert r.status_code == 200
            seen |= set(re.findall(r"话题\d\d", r.get_data(as_text=True)))
            pages += 1
        assert len(seen) == TOPICS and pages == 3
        assert client.get(f"/classes/{room.klass}/forum?page=9").status_code == 200  # past the end: empty


def test_the_topics_api_pages_the_same_list(room):
    _many_topics(room)
    first = room.get(f"/classes/{room.klass}/topics?per_page=50", room.tutor).get_json()
    second = room.get(f"/classes/{room.klass}/topics?per_page=50&page=2", room.tutor).get_json()
    assert first["total"] == TOPICS and len(first["items"]) == 50 and len(second["items"]) == TOPICS - 50
    assert not {t["id"] for t in first["items"]} & {t["id"] for t in second["items"]}
