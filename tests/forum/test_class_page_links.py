"""The class page leads on: to its forum, Q&A, briefings, grades, work to review and evaluations — each offered
only to whom it opens for, so no link on it answers 403."""
from __future__ import annotations

import re

import pytest

from lms.core import clock
from tests.forum.conftest import DURING
from tests.helpers import sign_in

LINKS = re.compile(r'<div class="d-flex flex-wrap gap-2" id="class-links">(.*?)</div>', re.S)


@pytest.mark.parametrize("who,expected", [
    ("tutor", {"forum", "qa", "briefings", "grades", "review", "evaluations"}),
    ("alice", {"forum", "qa", "briefings"}),
    ("admin", {"forum", "qa", "briefings", "grades", "evaluations"}),
    ("school_admin", {"forum", "qa", "briefings", "evaluations"}),
])
def test_each_link_of_the_class_page_opens(room, app, who, expected):
    client = app.test_client()
    with clock.frozen_at(DURING):
        sign_in(client, getattr(room, who))
        page = client.get(f"/classes/{room.klass}").get_data(as_text=True)
        block = LINKS.search(page)
        urls = re.findall(r'href="([^"]+)"', block.group(1)) if block else []
        kinds = {u.rstrip("/").rsplit("/", 1)[-1] for u in urls}
        assert kinds == expected, urls
        for url in urls:
            assert client.get(url).status_code == 200, url


def test_a_tutors_home_leads_to_the_class_page(room, app):
    client = app.test_client()
    with clock.frozen_at(DURING):
        sign_in(client, room.tutor)
        assert f'href="/classes/{room.klass}"' in client.get("/").get_data(as_text=True)
