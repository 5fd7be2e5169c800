"""Crediting through the API (J13, docs/API.md "Study time"): what counts and what does not."""
from __future__ import annotations

from tests.helpers import assert_error


def credited(response) -> float:
    assert response.status_code == 200, response.get_json()
    return response.get_json()["accepted_seconds"]


def test_watching_at_normal_speed_counts_and_the_first_beat_does_not(study):
    s = study["learning"]
    first = s.beat(position=0)
    assert credited(first) == 0 and first.get_json()["reason"] == "first_beat"
    assert credited(s.beat(position=15, after=15)) == 15
    assert credited(s.beat(position=30, after=15)) == 15
    body = s.progress().get_json()
    assert body["credited_seconds"] == 30 and body["required_seconds"] == 300
    video = next(item for item in body["lessons"] if item["kind"] == "video")
    assert video["covered_seconds"] == 30 and video["resume_position"] == 30


def test_paused_and_hidden_time_does_not_count(study):
    s = study["learning"]
    s.beat(position=0)
    assert credited(s.beat(position=10, after=10, playing=False)) == 10  # the pause beat closes a played stretch
    paused = s.beat(position=10, after=60, playing=False)
    assert credited(paused) == 0 and paused.get_json()["reason"] == "paused"
    s.beat(position=10, after=1, playing=True)
    hidden = s.beat(position=25, after=15, visible=False)
    assert credited(hidden) == 0 and hidden.get_json()["reason"] == "hidden"


def test_the_wall_clock_bounds_every_stretch(study):
    s = study["learning"]
    s.beat(position=0)
    # A forged beat claiming 100 s watched 5 s after the last one is a seek, not study.
    forged = s.beat(position=100, after=5)
    assert credited(forged) == 0 and forged.get_json()["reason"] == "seek"
    # After a long silence (a sleeping laptop) only the gap limit counts.
    s.beat(position=40, after=1)
    gap = s.beat(position=100, after=600)
    assert credited(gap) == 30 and gap.get_json()["reason"] == "gap_capped"


def test_rewatching_adds_nothing(study):
    s = study["learning"]
    s.beat(position=0)
    assert credited(s.beat(position=15, after=15)) == 15
    s.beat(position=0, after=1)  # back to the start: a seek backwards
    again = s.beat(position=15, after=15)
    assert credited(again) == 0 and again.get_json()["reason"] == "rewatch"


def test_faster_playback_earns_nothing(study):
    s = study["learning"]
    s.beat(position=0, rate=2.0)
    fast = s.beat(position=30, after=15, rate=2.0)
    assert credited(fast) == 0 and fast.get_json()["reason"] == "too_fast"
    # Lying about the rate does not help: 30 s of position in 15 s of wall time is a jump.
    s.beat(position=30, after=1, rate=1.0)
    lying = s.beat(position=60, after=15, rate=1.0)
    assert credited(lying) == 0


def test_a_newer_session_supersedes_the_older(study):
    s = study["learning"]
    s.beat(session="tab-one-0001", position=0)
    s.beat(session="tab-one-0001", position=10, after=10)
    assert credited(s.beat(session="tab-two-0002", position=10, after=1)) == 0
    assert_error(s.beat(session="tab-one-0001", position=20, after=10), 409, "session_superseded")
    assert credited(s.beat(session="tab-two-0002", position=20, after=10)) == 10


def test_replayed_and_flooded_beats_earn_no_more_than_the_clock(study):
    s = study["learning"]
    s.beat(position=0)
    assert credited(s.beat(position=5, after=5)) == 5
    assert credited(s.beat(position=5, after=0)) == 0  # the same beat again
    total = sum(credited(s.beat(position=5 + 0.1 * (i + 1), after=0.1)) for i in range(50))
    assert total <= 5.0 + 1e-6


def test_jumping_to_the_end_earns_nothing(study):
    s = study["learning"]
    s.beat(position=119)  # "resume" at the last second
    end = s.beat(position=120, after=15)
    assert credited(end) <= 1.0
    assert s.progress().get_json()["credited_seconds"] <= 1.0


def test_reading_counts_visible_time_up_to_its_nominal_time(study):
    s = study["learning"]
    reading = study["reading"]["id"]
    s.beat(lesson_id=reading, playing=False)
    # (The reader scrolls between beats: a reading credits nothing without it, see test_reading_bounds.)
    assert credited(s.beat(lesson_id=reading, playing=False, after=15, interacted=True)) == 15
    assert credited(s.beat(lesson_id=reading, after=15, visible=False, interacted=True)) == 0
    for _ in range(20):
        s.beat(lesson_id=reading, after=15, interacted=True)
    lesson = next(i for i in s.progress().get_json()["lessons"] if i["kind"] == "reading")
    assert lesson["credited_seconds"] == 120 and lesson["completed"]


def test_beats_outside_the_batch_are_refused(study):
    from datetime import timedelta

    s = study["learning"]
    s.now -= timedelta(days=10)
    assert_error(s.beat(position=0), 409, "outside_batch")
    s.now += timedelta(days=40)
    s.api._tokens.clear()  # tokens last hours; sign in again a month later
    assert_error(s.beat(position=0), 409, "outside_batch")


def test_only_the_learner_beats_and_bad_beats_are_explained(study, make):
    s = study["learning"]
    other = make.user(study["tree"]["school111"], "teacher")
    r = s.api.post("/tracking/heartbeat", other, json={"enrollment_id": s.enrollment_id, "lesson_id": s.lesson_id,
                                                       "session_id": "abcdefgh12", "position": 0})
    assert_error(r, 403, "forbidden")
    for bad in ({"position": -1}, {"position": "x"}, {"playback_rate": 0}, {"session_id": "no"},
                {"session_id": "bad id with spaces"}, {"position": float("inf")}):
        body = {"enrollment_id": s.enrollment_id, "lesson_id": s.lesson_id, "session_id": "abcdefgh12", **bad}
        assert_error(s.api.post("/tracking/heartbeat", s.learner, json=body), 400, "invalid_input")
    assert_error(s.beat(lesson_id=999999), 404, "not_found")


def test_progress_is_seen_by_the_learner_its_tutor_and_admins_in_scope(study, make):
    s = study["learning"]
    assert s.progress().status_code == 200
    assert s.progress(study["tutor"]).status_code == 200
    assert s.progress(make.admin(study["tree"]["county11"])).status_code == 200
    assert_error(s.progress(make.admin(study["tree"]["county21"])), 403, "forbidden")
    assert_error(s.progress(make.user(study["tree"]["school111"], "teacher")), 403, "forbidden")


def _steady(s) -> None:
    """Two beats: the learner's rows exist, so the next beat takes the one-read path."""
    s.beat(position=0)
    assert credited(s.beat(position=15, after=15)) == 15


def test_a_revoked_or_expired_token_or_a_disabled_account_is_refused_at_once(study, app):
    from sqlalchemy import delete, update

    from lms.extensions import db
    from lms.org.models import ApiToken, User

    s = study["learning"]
    _steady(s)
    with app.app_context():  # what a password change does to the learner's tokens
        db.session.execute(delete(ApiToken).where(ApiToken.user_id == s.learner.id))
        db.session.commit()
    assert_error(s.beat(position=30, after=15), 401, "unauthenticated")
    s.api._tokens.clear()
    assert credited(s.beat(position=30, after=1)) > 0
    with app.app_context():
        db.session.execute(update(ApiToken).where(ApiToken.user_id == s.learner.id)
                           .values(expires_at=s.now))  # expired this very moment
        db.session.commit()
    assert_error(s.beat(position=31, after=1), 401, "unauthenticated")
    s.api._tokens.clear()
    assert s.beat(position=32, after=1).status_code == 200
    with app.app_context():
        db.session.execute(update(User).where(User.id == s.learner.id).values(is_active_account=False))
        db.session.commit()
    assert_error(s.beat(position=33, after=1), 401, "unauthenticated")
    body = {"enrollment_id": s.enrollment_id, "lesson_id": s.lesson_id, "session_id": "sess-one-0001"}
    assert_error(s.api.post("/tracking/heartbeat", json=body, headers={"Authorization": "Bearer nonsense"}),
                 401, "unauthenticated")
    assert_error(s.api.post("/tracking/heartbeat", json={"position": "x"}, headers={"Authorization": "Bearer x"}),
                 401, "unauthenticated")  # a bad token is told so before its body is judged


def test_the_browser_player_beats_with_its_session_cookie(study, app):
    import re

    from lms.core import clock
    from tests.helpers import sign_in

    s = study["learning"]
    client = app.test_client()
    with clock.frozen_at(s.now):
        sign_in(client, s.learner)
        page = client.get(f"/study/{s.enrollment_id}/lessons/{s.lesson_id}").get_data(as_text=True)
    token = re.search(r'csrf_token(?:&#34;|&quot;|")\s*:\s*(?:&#34;|&quot;|")([^"&]+)', page).group(1)

    def beat(position, after):
        from datetime import timedelta
        s.now += timedelta(seconds=after)
        with clock.frozen_at(s.now):
            return client.post("/api/v1/tracking/heartbeat", headers={"X-CSRFToken": token},
                               json={"enrollment_id": s.enrollment_id, "lesson_id": s.lesson_id,
                                     "session_id": "page-one-0001", "position": position, "playing": True})

    assert credited(beat(0, 0)) == 0
    assert credited(beat(15, 15)) == 15
    assert credited(beat(30, 15)) == 15
    with clock.frozen_at(s.now):
        assert client.post("/api/v1/tracking/heartbeat", json={"enrollment_id": s.enrollment_id}).status_code == 400


def test_a_steady_beat_takes_the_one_read_path(study, monkeypatch):
    from lms.tracking import services

    s = study["learning"]
    _steady(s)

    def general_path(*args, **kwargs):
        raise AssertionError("a steady beat fell back to the general path")

    monkeypatch.setattr(services, "heartbeat", general_path)
    assert credited(s.beat(position=30, after=15)) == 15
    hidden = s.beat(position=45, after=15, visible=False)
    assert credited(hidden) == 0 and hidden.get_json()["reason"] == "hidden"


def test_an_account_that_must_choose_its_password_earns_nothing(app, study):
    """The heartbeat checks its token inside its own query; a reset password still stops it, steady or not."""
    from lms.extensions import db
    from lms.org.models import User
    from tests.helpers import assert_error

    learning = study["learning"]
    assert learning.beat().status_code == 200
    assert learning.beat(position=10.0, after=10.0).status_code == 200  # steady: the quick path
    with app.app_context():
        db.session.get(User, study["learner"].id).must_change_password = True
        db.session.commit()
    assert_error(learning.beat(position=20.0, after=10.0), 403, "password_change_required")


def test_the_moments_a_lesson_is_completed_and_the_required_time_reached_are_kept(study, app):
    """The outstanding learner's "finished first" reads them (docs/RULES.md "J14b"): set once, on either path
    of the beat, and never moved by watching again."""
    from lms.extensions import db
    from lms.projects.models import Course
    from lms.tracking.models import LessonProgress, StudyTotal
    with app.app_context():
        db.session.get(Course, study["course"]).required_minutes = 2  # the video's 120 s is the whole course
        db.session.commit()
    s = study["learning"]
    s.beat(position=0)
    for i in range(1, 9):
        s.beat(position=15 * i, after=15)
    done_at = s.now
    for _ in range(3):  # watching again
        s.beat(position=120, after=15)

    def moments():
        with app.app_context():
            progress = db.session.query(LessonProgress).filter_by(enrollment_id=study["enrollment"]).one()
            total = db.session.get(StudyTotal, study["enrollment"])
            return progress.completed, progress.completed_at, total.credited_seconds, total.required_met_at

    completed, completed_at, credited_seconds, met_at = moments()
    assert completed and completed_at == done_at
    assert credited_seconds >= 120 and met_at == done_at
