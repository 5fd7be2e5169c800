"""The message centre page: the user's notices newest first with the unread ones marked, the unread count in
the navigation, marking read one by one (and following the notice's link) or all at once, paging, the
preferences, the English words, and another user's notice answered as missing. It fits a phone's width."""
from __future__ import annotations

import re

from lms.core import clock
from lms.extensions import db
from lms.notices import rules, services
from tests.forum.conftest import DURING
from tests.helpers import csrf_token, sign_in
from tests.notices.helpers import notices_of


def _client(room, user):
    client = room.app.test_client()
    with clock.frozen_at(DURING):
        sign_in(client, user)
    return client


def _get(client, path):
    with clock.frozen_at(DURING):
        return client.get(path)


def _post(client, path, data, token):
    with clock.frozen_at(DURING):
        return client.post(path, data={**data, "csrf_token": token})


def _badge(html: str) -> str | None:
    found = re.search(r'href="/notices">[^<]*<span class="badge[^"]*">(\d+)', html)
    return found.group(1) if found else None


def test_the_page_lists_marks_and_counts(room):
    client = _client(room, room.alice)
    home = _get(client, "/").get_data(as_text=True)
    assert _badge(home) == "1"
    page = _get(client, "/notices")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "报名成功" in html and "新" in html and 'name="viewport"' in html
    (notice,) = notices_of(room.app, room.alice)
    token = csrf_token(html)
    r = _post(client, f"/notices/{notice.id}/read", {"open": "1"}, token)
    assert r.status_code == 302 and r.headers["Location"].endswith("/my/training")
    assert notices_of(room.app, room.alice)[0].read_at is not None
    assert _badge(_get(client, "/notices").get_data(as_text=True)) is None
    assert "没有未读消息" in _get(client, "/notices?unread=1").get_data(as_text=True)


def test_read_all_and_paging(room, app):
    with app.app_context(), clock.frozen_at(DURING):
        for i in range(25):
            services.notify(db.session, room.alice.id, rules.CERTIFICATE_ISSUED, {"course": f"课程{i:02d}",
                                                                                  "project": "项目", "batch": 9})
        db.session.commit()
    client = _client(room, room.alice)
    first = _get(client, "/notices").get_data(as_text=True)
    assert "课程24" in first and "课程04" not in first and 'href="/notices?page=2"' in first
    assert _badge(first) == "26"
    second = _get(client, "/notices?page=2").get_data(as_text=True)
    assert "课程04" in second and "报名成功" in second
    assert _get(client, "/notices?page=abc").status_code == 200
    r = _post(client, "/notices/read-all", {}, csrf_token(first))
    assert r.status_code == 302
    html = _get(client, "/notices").get_data(as_text=True)
    assert "已将 26 条消息标为已读" in html and _badge(html) is None
    assert all(n.read_at for n in notices_of(app, room.alice))


def test_another_users_notice_is_missing_on_the_page_too(room):
    (bobs,) = notices_of(room.app, room.bob)
    client = _client(room, room.alice)
    token = csrf_token(_get(client, "/notices").get_data(as_text=True))
    assert _post(client, f"/notices/{bobs.id}/read", {}, token).status_code == 404
    assert _post(client, "/notices/2000000000/read", {}, token).status_code == 404
    assert notices_of(room.app, room.bob)[0].read_at is None


def test_preferences_on_the_page(room):
    client = _client(room, room.alice)
    html = _get(client, "/notices").get_data(as_text=True)
    assert 'value="plagiarism_verdict" id="pref-plagiarism_verdict"\n             checked disabled' in html
    keep = [k for k in rules.KINDS if k not in (rules.WORK_GRADED, rules.BATCH_ENDING)]
    with clock.frozen_at(DURING):
        r = client.post("/notices/preferences", data={"csrf_token": csrf_token(html), "wanted": keep})
    assert r.status_code == 302
    prefs = {p["kind"]: p["wanted"] for p in room.get("/me/notice-preferences", room.alice).get_json()["items"]}
    assert not prefs[rules.WORK_GRADED] and not prefs[rules.BATCH_ENDING] and prefs[rules.PLAGIARISM_VERDICT]
    with clock.frozen_at(DURING):  # a kind that does not exist: a message, nothing saved, no 500
        r = client.post("/notices/preferences", data={"csrf_token": csrf_token(html), "wanted": ["spam"]},
                        follow_redirects=True)
    assert r.status_code == 200
    assert not {p["kind"]: p["wanted"] for p in room.get("/me/notice-preferences",
                                                          room.alice).get_json()["items"]}[rules.WORK_GRADED]


def test_the_words_in_english(room):
    client = _client(room, room.alice)
    _get(client, "/lang/en")
    html = _get(client, "/notices").get_data(as_text=True)
    assert "You were enrolled in a training" in html and "You were enrolled in 课程" in html
    assert "Batch 9" in html and "Mark all read" in html


def test_anonymous_visitors_sign_in_first(room):
    r = room.app.test_client().get("/notices")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
