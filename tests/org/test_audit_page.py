"""The audit list: the changes of the admin's area only, newest first, paged, each in words — the action's
label (in Chinese for a Chinese reader), what it concerns with a link to its page, the details — never a raw
key or a bare "#316"."""
from __future__ import annotations

import re
from datetime import timedelta

from lms.core import audit, clock
from lms.extensions import db
from tests.helpers import sign_in

ENTRIES = 55


def _world(app, make):
    t = make.tree()
    county_admin = make.admin(t["county11"])
    teacher = make.user(t["school111"], "teacher", name="李老师", username="liteacher01")
    with app.app_context():
        start = clock.now() - timedelta(days=3)
        # Written out of time order: the list orders by the time, not by the insertion.
        for n in reversed(range(ENTRIES)):
            audit.record(db.session, None, "user.reset_password", "user", teacher.id, org_unit_id=t["school111"].id,
                         after={"reason": f"第{n:02d}次"}).at = start + timedelta(minutes=n)
        audit.record(db.session, None, "quota.set_seats", "quota", 1, org_unit_id=t["county12"].id,
                     before={"seats": 1}, after={"seats": 2})  # another county: not this admin's
        db.session.commit()
    return t, county_admin, teacher


def test_the_audit_page_is_newest_first_in_words_and_paged(app, make):
    _t, admin, teacher = _world(app, make)
    client = app.test_client()
    sign_in(client, admin)
    client.get("/lang/zh_Hans_CN")
    html = client.get("/org/audit").get_data(as_text=True)
    order = re.findall(r"第(\d\d)次", html)
    assert "user.reset_password" not in html and "重置" in html  # the label, not the key
    assert f'href="/org/users/{teacher.id}"' in html and "李老师" in html  # the object, with its page
    assert not re.search(r">#\d+<", html)
    assert 'href="/org/audit?page=2"' in html
    second = client.get("/org/audit?page=2").get_data(as_text=True)
    # Newest first across the pages (the accounts made just now come before them), 50 a page.
    assert order + re.findall(r"第(\d\d)次", second) == [f"{n:02d}" for n in reversed(range(ENTRIES))]
    assert html.count("<tr>") - 1 == 50
    assert "1 → 2" not in html + second  # the other county's change is not shown
    assert client.get(f"/org/users/{teacher.id}").status_code == 200
    home = client.get("/").get_data(as_text=True)
    assert 'href="/org/audit"' in home


def test_the_audit_api_pages_the_same_list(app, make, api):
    _t, admin, teacher = _world(app, make)
    first = api.get("/audit?per_page=20", admin).get_json()
    assert first["total"] >= ENTRIES and len(first["items"]) == 20
    item = next(i for i in first["items"] if i["action"] == "user.reset_password")
    assert item["details"].endswith(f"第{ENTRIES - 1}次") and item["target_url"] == f"/org/users/{teacher.id}"
    assert item["action"] == "user.reset_password" and item["action_label"] != item["action"]
    ats = [i["at"] for i in first["items"]]
    assert ats == sorted(ats, reverse=True)
    assert api.get("/audit", make.user(_t["school111"], "teacher")).status_code == 403
