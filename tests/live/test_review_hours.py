"""An open lesson review's 学时 (000 L33: no duration record; both sides record 2 学时, the report 1 and the
discussion of 45 minutes or more 1), shown with its report: the rule, the API and the session page."""
from __future__ import annotations

from lms.live import rules
from tests.helpers import sign_in
from tests.live.conftest import REPORT


def test_the_review_rule():
    assert rules.review_hours(60, True) == (1, 1)
    assert rules.review_hours(44, True) == (0, 1)
    assert rules.review_hours(45, False) == (1, 0)
    assert rules.session_hours(rules.REVIEW, 60, reported=True) == 2
    assert rules.session_hours(rules.REVIEW, 0, reported=True) == 1  # the report's hour stands on its own
    assert rules.session_hours("lecture", 90, reported=True) == 2  # 45 counted minutes each
    assert rules.session_hours("one_to_one", 30) == 0


def _hours(api, w, user):
    r = api.get(f"/live/sessions/{w.review}/report", user)
    assert r.status_code == 200, r.get_json()
    return {row["user"]["id"]: row for row in r.get_json()["hours"]}


def test_the_report_shows_each_participants_hours(api, term_world):
    w = term_world
    assert api.post(f"/live/sessions/{w.review}/report", w.tutor2, json={"body": REPORT}).status_code == 201
    got = _hours(api, w, w.learner2)
    # 王导师 60 minutes: discussion and report; 赵导师 30 minutes (under 45: none counted): the report's only.
    assert (got[w.tutor.id]["role"], got[w.tutor.id]["discussion_hours"], got[w.tutor.id]["report_hours"],
            got[w.tutor.id]["study_hours"]) == ("reviewer", 1, 1, 2)
    assert (got[w.tutor2.id]["counted_minutes"], got[w.tutor2.id]["discussion_hours"],
            got[w.tutor2.id]["study_hours"]) == (0, 0, 1)
    # The reviewed learner, feedback in time: 2 学时.
    assert (got[w.learner2.id]["role"], got[w.learner2.id]["study_hours"], got[w.learner2.id]["feedback"]) == (
        "learner", 2, "on_time")
    assert got[w.tutor.id]["feedback"] is None


def test_the_session_page_shows_the_hours_with_the_report(client, api, term_world):
    w = term_world
    sign_in(client, w.learner2)
    assert 'id="review-hours"' not in client.get(f"/live/sessions/{w.review}").get_data(as_text=True)
    assert api.post(f"/live/sessions/{w.review}/report", w.tutor, json={"body": REPORT}).status_code == 201
    page = client.get(f"/live/sessions/{w.review}").get_data(as_text=True)
    assert 'id="review-hours-table"' in page and f'data-user="{w.learner2.id}"' in page
    # The host's attendance table counts the report's hour too.
    att = api.get(f"/live/sessions/{w.review}/attendance", w.tutor)
    assert att.status_code == 200, att.get_json()
    rows = {p["user"]["id"]: p for p in att.get_json()["participants"]}
    assert rows[w.tutor.id]["study_hours"] == 2 and rows[w.learner2.id]["study_hours"] == 2
