"""Presence checks (防挂机), daily caps, regular-beat flags, the project's study-time rules."""
from __future__ import annotations

from lms.core import clock
from tests.helpers import assert_error, csrf_token, sign_in


def set_policy(api, study, **values):
    body = {"max_gap_seconds": 30, "max_playback_rate": 1.0, "daily_cap_minutes": None, "batch_cap_minutes": None,
            "presence_check_minutes": 0, "presence_answer_seconds": 120, "reason": "测试所需", **values}
    with clock.frozen_at(study["learning"].now):
        r = api.put(f"/projects/{study['project']}/tracking-policy", study["admin"], json=body)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def watch(s, seconds, start=0.0, step=15):
    s.beat(position=start)
    answers = []
    position = start
    for _ in range(int(seconds // step)):
        position += step
        answers.append(s.beat(position=position, after=step).get_json())
    return answers


def test_presence_check_stops_crediting_until_answered_and_its_answer_is_not_in_the_text(api, study, app):
    set_policy(api, study, presence_check_minutes=1, presence_answer_seconds=60)
    s = study["learning"]
    answers = watch(s, 75)
    challenge = next(a["challenge"] for a in answers if "challenge" in a)
    assert set(challenge) == {"id", "expires_at", "image_url"}  # no question, no answer
    blocked = s.beat(position=90, after=15).get_json()
    assert blocked["accepted_seconds"] == 0 and blocked["reason"] == "presence_check"
    with clock.frozen_at(s.now):
        image = api.get(f"/tracking/challenges/{challenge['id']}/image.png", s.learner)
        assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
        assert_error(api.post(f"/tracking/challenges/{challenge['id']}/answer", s.learner, json={"answer": "x"}),
                     409, "wrong_answer")
        from lms.extensions import db
        from lms.tracking.models import PresenceCheck
        with app.app_context():
            question = db.session.get(PresenceCheck, challenge["id"]).question
        ok = api.post(f"/tracking/challenges/{challenge['id']}/answer", s.learner, json={"answer": question})
        assert ok.status_code == 200 and ok.get_json()["status"] == "passed"
    s.beat(position=90, after=1)
    assert s.beat(position=105, after=15).get_json()["accepted_seconds"] == 15


def test_an_expired_check_is_refused_and_replaced(api, study):
    set_policy(api, study, presence_check_minutes=1, presence_answer_seconds=30)
    s = study["learning"]
    challenge = next(a["challenge"] for a in watch(s, 75) if "challenge" in a)
    from datetime import timedelta
    s.now += timedelta(seconds=31)
    with clock.frozen_at(s.now):
        assert_error(api.post(f"/tracking/challenges/{challenge['id']}/answer", s.learner, json={"answer": "0000"}),
                     409, "challenge_expired")
    fresh = s.beat(position=90, after=1).get_json()
    assert fresh["challenge"]["id"] != challenge["id"] and fresh["accepted_seconds"] == 0


def test_someone_elses_check_is_not_yours(api, study, make):
    set_policy(api, study, presence_check_minutes=1)
    s = study["learning"]
    challenge = next(a["challenge"] for a in watch(s, 75) if "challenge" in a)
    other = make.user(study["tree"]["school111"], "teacher")
    with clock.frozen_at(s.now):
        assert_error(api.get(f"/tracking/challenges/{challenge['id']}/image.png", other), 403, "forbidden")
        assert_error(api.post(f"/tracking/challenges/{challenge['id']}/answer", other, json={"answer": "1"}), 403,
                     "forbidden")


def test_daily_cap(api, study):
    set_policy(api, study, daily_cap_minutes=1)
    s = study["learning"]
    watch(s, 90)
    assert s.progress().get_json()["credited_seconds"] == 60
    last = s.beat(position=105, after=15).get_json()
    assert last["accepted_seconds"] == 0 and last["reason"] == "cap_reached"


def test_perfectly_regular_beats_are_flagged_for_review_not_failed(api, app, study, make):
    s = study["learning"]
    s.beat(position=0, lesson_id=study["reading"]["id"], playing=False)
    for _ in range(41):
        r = s.beat(lesson_id=study["reading"]["id"], after=15, playing=False)
        assert r.status_code == 200
    from lms.extensions import db
    from lms.tracking.models import StudyFlag
    with app.app_context():
        flag = db.session.query(StudyFlag).one()
        assert flag.kind == "regular_beats" and flag.user_id == s.learner.id
    admin = make.admin(study["tree"]["county11"])
    client = app.test_client()
    sign_in(client, admin)
    page = client.get("/tracking/flags").get_data(as_text=True)
    assert s.learner.name in page
    client.post(f"/tracking/flags/{flag.id}/reviewed", data={"csrf_token": csrf_token(page)})
    assert s.learner.name not in client.get("/tracking/flags").get_data(as_text=True)
    # An admin of another county sees nothing of it.
    other = app.test_client()
    sign_in(other, make.admin(study["tree"]["county21"]))
    assert other.post(f"/tracking/flags/{flag.id}/reviewed", data={"csrf_token": "x"}).status_code in (400, 403)


def test_policy_is_the_province_admins_and_validated(api, study, make):
    with clock.frozen_at(study["learning"].now):
        _policy_checks(api, study, make)


def _policy_checks(api, study, make):
    city_admin = make.admin(study["tree"]["city1"])
    body = {"max_gap_seconds": 30, "max_playback_rate": 1.0, "presence_check_minutes": 0,
            "presence_answer_seconds": 120}
    assert_error(api.put(f"/projects/{study['project']}/tracking-policy", city_admin, json=body), 403, "forbidden")
    for bad in ({"max_gap_seconds": 1}, {"max_playback_rate": 16}, {"presence_check_minutes": -1}, {"nope": 1}):
        assert_error(api.put(f"/projects/{study['project']}/tracking-policy", study["admin"], json=body | bad), 400,
                     "invalid_input")
    assert_error(api.put("/projects/999999/tracking-policy", study["admin"], json=body), 404, "not_found")
    assert api.get(f"/projects/{study['project']}/tracking-policy", city_admin).get_json()["max_gap_seconds"] == 30
    # The batch runs: the study rules (they decide study-time points) change only with a reason, kept in the log.
    refused = api.put(f"/projects/{study['project']}/tracking-policy", study["admin"], json=body)
    assert "reason" in assert_error(refused, 409, "reason_required")["error"]["fields"]
    saved = api.put(f"/projects/{study['project']}/tracking-policy", study["admin"], json=body | {"reason": "网络故障"})
    assert saved.status_code == 200
    changes = api.get(f"/projects/{study['project']}/changes", city_admin).get_json()["items"]
    assert changes[0]["action"] == "tracking_policy.update" and changes[0]["reason"] == "网络故障"


def test_many_accounts_from_one_address_are_flagged(api, app, study, make):
    from datetime import timedelta

    from lms.core import clock
    from lms.extensions import db
    from lms.tracking import services
    from lms.tracking.models import StudyFlag, WatchSession

    s = study["learning"]
    with app.app_context():
        for n in range(services.SHARED_ADDRESS_ACCOUNTS - 1):
            other = make.user(study["tree"]["school112"], "teacher")
            db.session.add(WatchSession(session_key=f"other-{n:04d}", user_id=other.id, address="127.0.0.1",
                                        started_at=s.now - timedelta(minutes=1)))
        db.session.commit()
    assert s.beat(position=0).status_code == 200  # the test client comes from 127.0.0.1
    with app.app_context():
        flag = db.session.query(StudyFlag).filter_by(kind="shared_address").one()
        assert flag.user_id == s.learner.id and flag.detail["accounts"] == services.SHARED_ADDRESS_ACCOUNTS
    with clock.frozen_at(s.now):
        assert s.beat(position=15, after=15).get_json()["accepted_seconds"] == 15  # flagged, never refused


def test_policy_page(app, study, make):
    admin = app.test_client()
    sign_in(admin, study["admin"])
    page = admin.get(f"/projects/{study['project']}/tracking-policy").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "max_gap_seconds": 45, "max_playback_rate": "1.0",
            "daily_cap_minutes": "", "batch_cap_minutes": "600", "presence_check_minutes": 20,
            "presence_answer_seconds": 90}
    refused = admin.post(f"/projects/{study['project']}/tracking-policy", data=form)  # the batch runs: say why
    assert refused.status_code == 200 and "is-invalid" in refused.get_data(as_text=True)
    form["reason"] = "试点学校反馈"
    assert admin.post(f"/projects/{study['project']}/tracking-policy", data=form).status_code == 302
    assert 'value="45"' in admin.get(f"/projects/{study['project']}/tracking-policy").get_data(as_text=True)
    bad = admin.post(f"/projects/{study['project']}/tracking-policy", data=form | {"max_gap_seconds": 1})
    assert bad.status_code == 200 and "is-invalid" in bad.get_data(as_text=True)
    city = app.test_client()
    sign_in(city, make.admin(study["tree"]["city1"]))
    assert city.get(f"/projects/{study['project']}/tracking-policy").status_code == 403
