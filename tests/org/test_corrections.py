"""People can be corrected (issue 15): admins edit, move, deactivate and reactivate the users of their
subtree, users keep their own contact details; every change is audited with before and after."""
from __future__ import annotations

import pytest

from lms.core.audit import AuditEntry
from lms.extensions import db
from lms.org import rules
from lms.org.models import User
from tests.factories import PASSWORD
from tests.helpers import assert_error, csrf_token, sign_in


@pytest.fixture
def tree(make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    return t


def audit_of(app, user_id, action):
    with app.app_context():
        return [(e.before, e.after, e.actor_id) for e in db.session.query(AuditEntry)
                .filter_by(target_type="user", target_id=user_id, action=action).order_by(AuditEntry.id)]


def stored(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        _ = user.org_unit, user.role_assignments
        db.session.expunge_all()
        return user


# --- rules without HTTP ---------------------------------------------------------

@pytest.mark.parametrize("email,ok", [("wang@example.cn", True), ("a.b+c@school.edu.cn", True),
                                      ("wang", False), ("wang@", False), ("wang@cn", False), ("a b@x.cn", False),
                                      ("a@@x.cn", False), ("x" * 250 + "@a.cn", False)])
def test_email_rule(email, ok):
    assert (rules.email_error(email) is None) is ok


def test_roles_move_with_their_holder():
    assert rules.move_roles_error(["teacher"], "school") is None
    assert rules.move_roles_error(["teacher"], "county") == "teacher_not_in_school"
    assert rules.move_roles_error(["school_admin"], "county") == "admin_level_mismatch"
    assert rules.move_roles_error(["county_admin"], "county") is None


# --- admins correct users (API) ---------------------------------------------------

def test_a_school_admin_corrects_a_teacher_with_audit(api, app, tree, make):
    teacher = make.user(tree["school111"], "teacher", name="王芳", phone="13900000001")
    admin = tree["admins"]["school111"]
    r = api.patch(f"/users/{teacher.id}", admin, json={"name": "王 芳芳", "phone": "13900000002",
                                                       "email": "wff@example.cn", "subject": "数学", "stage": "初中"})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert (body["name"], body["phone"], body["email"], body["subject"], body["stage"]) == \
        ("王 芳芳", "13900000002", "wff@example.cn", "数学", "初中")
    [(before, after, actor)] = audit_of(app, teacher.id, "user.update")
    assert actor == admin.id
    assert before["name"] == "王芳" and after["name"] == "王 芳芳" and before["phone"] == "13900000001"
    # Only the fields sent change; null clears a contact.
    r = api.patch(f"/users/{teacher.id}", admin, json={"email": None})
    assert r.get_json()["email"] is None and r.get_json()["phone"] == "13900000002"


@pytest.mark.parametrize("change,field", [({"name": ""}, "name"), ({"name": None}, "name"), ({"phone": "123"}, "phone"),
                                          ({"email": "nope"}, "email"), ({"roles": []}, "roles"),
                                          ({"roles": ["county_admin"]}, "roles"), ({"roles": ["king"]}, "roles.0"),
                                          ({"username": "renamed"}, "username")])
def test_bad_corrections_change_nothing(api, app, tree, make, change, field):
    teacher = make.user(tree["school111"], "teacher", name="王芳")
    body = assert_error(api.patch(f"/users/{teacher.id}", tree["admins"]["school111"], json=change), 400,
                        "invalid_input")
    assert field in body["error"]["fields"], body
    assert stored(app, teacher.id).name == "王芳"
    assert audit_of(app, teacher.id, "user.update") == []


def test_a_phone_stays_unique(api, tree, make):
    make.user(tree["school111"], "teacher", phone="13900000009")
    teacher = make.user(tree["school111"], "teacher")
    body = assert_error(api.patch(f"/users/{teacher.id}", tree["admins"]["school111"], json={"phone": "13900000009"}),
                        400, "invalid_input")
    assert "phone" in body["error"]["fields"]


def test_roles_only_as_the_admin_may_grant(api, tree, make):
    teacher = make.user(tree["school111"], "teacher")
    body = assert_error(api.patch(f"/users/{teacher.id}", tree["admins"]["school111"],
                                  json={"roles": ["teacher", "school_admin"]}), 400, "invalid_input")
    assert "roles" in body["error"]["fields"]
    r = api.patch(f"/users/{teacher.id}", tree["admins"]["county11"], json={"roles": ["teacher", "school_admin"]})
    assert sorted(a["role"] for a in r.get_json()["roles"]) == ["school_admin", "teacher"]


@pytest.mark.parametrize("admin_key", ["school112", "county12", "city2"])
def test_no_correction_outside_the_subtree(api, app, tree, make, admin_key):
    teacher = make.user(tree["school111"], "teacher", name="王芳")
    admin = tree["admins"][admin_key]
    assert_error(api.patch(f"/users/{teacher.id}", admin, json={"name": "改名"}), 403, "forbidden")
    assert_error(api.post(f"/users/{teacher.id}/deactivate", admin, json={}), 403, "forbidden")
    assert stored(app, teacher.id).name == "王芳" and stored(app, teacher.id).is_active_account


def test_a_peer_admin_is_not_corrected_at_its_own_level(api, tree, make):
    peer = make.admin(tree["school111"])
    assert_error(api.patch(f"/users/{peer.id}", tree["admins"]["school111"], json={"name": "x"}), 403, "forbidden")
    assert_error(api.patch(f"/users/{tree['admins']['school111'].id}", tree["admins"]["school111"],
                           json={"name": "x"}), 403, "forbidden")  # nor oneself: that is "my account"


def test_a_county_admin_moves_a_teacher_between_its_schools(api, app, tree, make):
    teacher = make.user(tree["school111"], "teacher")
    r = api.patch(f"/users/{teacher.id}", tree["admins"]["county11"], json={"org_unit_id": tree["school112"].id})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["org_unit_id"] == tree["school112"].id
    assert body["roles"] == [{"role": "teacher", "org_unit_id": tree["school112"].id}]
    [(before, after, _actor)] = audit_of(app, teacher.id, "user.move")
    assert (before["org_unit_id"], after["org_unit_id"]) == (tree["school111"].id, tree["school112"].id)
    # Now the new school's admin manages it, the old one no longer sees it.
    assert api.get(f"/users/{teacher.id}", tree["admins"]["school112"]).status_code == 200
    assert_error(api.get(f"/users/{teacher.id}", tree["admins"]["school111"]), 403, "forbidden")


@pytest.mark.parametrize("admin_key,target_key", [("school111", "school112"), ("county11", "school121"),
                                                  ("city1", "school211"), ("county11", "county12")])
def test_nobody_is_moved_out_of_the_subtree(api, app, tree, make, admin_key, target_key):
    teacher = make.user(tree["school111"], "teacher")
    assert_error(api.patch(f"/users/{teacher.id}", tree["admins"][admin_key],
                           json={"org_unit_id": tree[target_key].id}), 403, "forbidden")
    assert stored(app, teacher.id).org_unit_id == tree["school111"].id


def test_a_move_must_fit_the_roles(api, tree, make):
    teacher = make.user(tree["school111"], "teacher")
    body = assert_error(api.patch(f"/users/{teacher.id}", tree["admins"]["county11"],
                                  json={"org_unit_id": tree["county11"].id}), 400, "invalid_input")
    assert "org_unit_id" in body["error"]["fields"]
    # With roles that fit the new level, a city admin turns a teacher into a county admin.
    r = api.patch(f"/users/{teacher.id}", tree["admins"]["city1"],
                  json={"org_unit_id": tree["county11"].id, "roles": ["county_admin"]})
    assert r.get_json()["roles"] == [{"role": "county_admin", "org_unit_id": tree["county11"].id}]


# --- deactivation -----------------------------------------------------------------

def test_deactivation_stops_sign_in_and_tokens_and_keeps_the_person(api, app, tree, make):
    teacher = make.user(tree["school111"], "teacher")
    token = api.token_for(teacher)
    assert api.get("/me", teacher).status_code == 200
    admin = tree["admins"]["school111"]
    r = api.post(f"/users/{teacher.id}/deactivate", admin, json={"reason": "调离本省"})
    assert r.status_code == 200 and r.get_json()["active"] is False and r.get_json()["deactivated_at"]
    [(before, after, _actor)] = audit_of(app, teacher.id, "user.deactivate")
    assert before == {"active": True} and after == {"active": False, "reason": "调离本省"}
    # The token it held is refused, and so is a new sign-in, with a clear message.
    assert_error(api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 401, "unauthenticated")
    body = assert_error(api.post("/auth/token", json={"username": teacher.username, "password": PASSWORD}), 403,
                        "account_disabled")
    assert "停用" in body["error"]["message"]  # 此账号已停用，不能登录…
    # A wrong password still says only "wrong": a refusal never tells that the account exists.
    assert_error(api.post("/auth/token", json={"username": teacher.username, "password": "wrong123x"}), 401,
                 "invalid_credentials")
    # The admin still finds it, and twice is harmless.
    assert api.get(f"/users/{teacher.id}", admin).get_json()["active"] is False
    assert api.post(f"/users/{teacher.id}/deactivate", admin, json={}).status_code == 200
    assert len(audit_of(app, teacher.id, "user.deactivate")) == 1
    # Reactivated, it signs in again.
    r = api.post(f"/users/{teacher.id}/reactivate", admin)
    assert r.get_json()["active"] is True and r.get_json()["deactivated_at"] is None
    assert len(audit_of(app, teacher.id, "user.reactivate")) == 1
    assert api.post("/auth/token", json={"username": teacher.username, "password": PASSWORD}).status_code == 200


def test_a_deactivated_teacher_is_refused_on_the_sign_in_page_and_loses_its_session(app, tree, make):
    teacher = make.user(tree["school111"], "teacher")
    learner = app.test_client()
    sign_in(learner, teacher)
    assert learner.get("/account/").status_code == 200
    admin = app.test_client()
    sign_in(admin, tree["admins"]["school111"])
    page = admin.get(f"/org/users/{teacher.id}").get_data(as_text=True)
    r = admin.post(f"/org/users/{teacher.id}/deactivate", data={"csrf_token": csrf_token(page), "reason": "离职"})
    assert r.status_code == 302
    page = admin.get(f"/org/users/{teacher.id}").get_data(as_text=True)
    assert "离职" in page and f"/org/users/{teacher.id}/reactivate" in page
    # Its open session ends; signing in again is refused with a clear message.
    assert learner.get("/account/").status_code == 302
    fresh = app.test_client()
    login = fresh.get("/login").get_data(as_text=True)
    r = fresh.post("/login", data={"username": teacher.username, "password": PASSWORD, "csrf_token": csrf_token(login)})
    assert r.status_code == 400
    assert "此账号已停用，不能登录" in r.get_data(as_text=True)
    r = admin.post(f"/org/users/{teacher.id}/reactivate", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302 and stored(app, teacher.id).is_active_account


def test_deactivation_keeps_the_records(app, tree, make):
    """Nothing is deleted: the row, its roles and the audit entries stay for statistics and certificates."""
    from lms.org import services

    teacher = make.user(tree["school111"], "teacher")
    with app.app_context():
        admin = db.session.get(User, tree["admins"]["school111"].id)
        services.deactivate_user(db.session, admin, db.session.get(User, teacher.id), "left")
        db.session.commit()
        kept = db.session.get(User, teacher.id)
        assert kept is not None and kept.roles == ["teacher"] and kept.org_unit_id == tree["school111"].id
        assert db.session.query(AuditEntry).filter_by(target_id=teacher.id, target_type="user").count() == 2


# --- pages ---------------------------------------------------------------------------

def test_an_admin_corrects_and_moves_a_user_on_its_page(client, app, tree, make):
    teacher = make.user(tree["school111"], "teacher", name="王芳")
    sign_in(client, tree["admins"]["county11"])
    page = client.get(f"/org/users/{teacher.id}").get_data(as_text=True)
    assert f"/org/users/{teacher.id}/edit" in page and f"/org/users/{teacher.id}/deactivate" in page
    data = {"csrf_token": csrf_token(page), "name": "王芳芳", "phone": "", "email": "w@example.cn", "subject": "语文",
            "stage": "小学", "roles": ["teacher"], "unit_code": tree["school112"].code}
    r = client.post(f"/org/users/{teacher.id}/edit", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    user = stored(app, teacher.id)
    assert (user.name, user.email, user.org_unit_id) == ("王芳芳", "w@example.cn", tree["school112"].id)
    page = client.get(f"/org/users/{teacher.id}").get_data(as_text=True)
    assert f"org_unit_id: {tree['school112'].id}" in page  # the change history, before and after
    # A code outside the area is a message on the form, and nothing moves.
    r = client.post(f"/org/users/{teacher.id}/edit", data=dict(data, unit_code=tree["school121"].code))
    assert r.status_code == 400 and tree["school121"].name in r.get_data(as_text=True)
    r = client.post(f"/org/users/{teacher.id}/edit", data=dict(data, unit_code="NO-SUCH"))
    assert r.status_code == 400
    assert stored(app, teacher.id).org_unit_id == tree["school112"].id


def test_the_page_refuses_an_admin_outside_the_subtree(client, app, tree, make):
    teacher = make.user(tree["school111"], "teacher", name="王芳")
    sign_in(client, tree["admins"]["school112"])
    token = csrf_token(client.get("/").get_data(as_text=True))
    for action, data in (("edit", {"name": "x", "roles": ["teacher"]}), ("deactivate", {}), ("reactivate", {})):
        r = client.post(f"/org/users/{teacher.id}/{action}", data={"csrf_token": token, **data})
        assert r.status_code == 403, action
    assert stored(app, teacher.id).name == "王芳"


# --- my account ------------------------------------------------------------------------

def test_a_learner_corrects_its_own_details_but_not_its_name(api, app, tree, make):
    teacher = make.user(tree["school111"], "teacher", name="王芳")
    r = api.patch("/me", teacher, json={"phone": "13911112222", "email": "me@example.cn", "subject": "英语",
                                         "stage": "高中"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["email"] == "me@example.cn"
    [(before, after, actor)] = audit_of(app, teacher.id, "user.update_own")
    assert actor == teacher.id and before["email"] is None and after["subject"] == "英语"
    for change in ({"name": "李四"}, {"org_unit_id": tree["school112"].id}, {"roles": ["school_admin"]}):
        assert_error(api.patch("/me", teacher, json=change), 400, "invalid_input")
    body = assert_error(api.patch("/me", teacher, json={"email": "not-an-address"}), 400, "invalid_input")
    assert "email" in body["error"]["fields"]
    user = stored(app, teacher.id)
    assert (user.name, user.org_unit_id, user.email) == ("王芳", tree["school111"].id, "me@example.cn")


def test_the_my_account_page(client, app, tree, make):
    teacher = make.user(tree["school111"], "teacher", name="王芳")
    sign_in(client, teacher)
    page = client.get("/account/").get_data(as_text=True)
    assert "王芳" in page and 'name="name"' not in page and "/account/password" in page
    r = client.post("/account/", data={"csrf_token": csrf_token(page), "phone": "13911113333", "email": "",
                                       "subject": "物理", "stage": "初中"})
    assert r.status_code == 302
    user = stored(app, teacher.id)
    assert (user.phone, user.subject, user.stage, user.email) == ("13911113333", "物理", "初中", None)
    r = client.post("/account/", data={"csrf_token": csrf_token(page), "phone": "123", "email": "x"})
    assert r.status_code == 400
    assert stored(app, teacher.id).phone == "13911113333"


# --- what a deactivation or a move keeps ------------------------------------------------------

def test_a_deactivated_or_moved_learner_still_counts_in_its_batch(api, app, tree, make):
    """The enrollment keeps its school: the batch's statistics still show the learner after a deactivation or
    a move, and the school's admin may still cancel the place within the batch."""
    from tests.programme import Programme

    learner = make.user(tree["school111"], "teacher", name="离职教师")
    mover = make.user(tree["school111"], "teacher", name="调动教师")
    programme = Programme(app)
    batch = programme.batch(programme.project())
    klass = programme.klass(batch)
    programme.seats_down_to(batch, tree, "school111", 5)
    gone = programme.enroll(klass, learner)
    programme.enroll(klass, mover)
    school_admin, county_admin = tree["admins"]["school111"], tree["admins"]["county11"]
    assert api.post(f"/users/{learner.id}/deactivate", school_admin, json={"reason": "离职"}).status_code == 200
    assert api.patch(f"/users/{mover.id}", county_admin, json={"org_unit_id": tree["school112"].id}).status_code == 200
    report = api.get(f"/reports/participation?batch_id={batch}&org_unit_id={tree['school111'].id}", county_admin)
    assert report.status_code == 200, report.get_json()
    assert {r["name"] for r in report.get_json()["rows"]} == {"离职教师", "调动教师"}
    assert report.get_json()["summary"]["enrolled"] == 2
    enrollment = api.get(f"/enrollments/{gone}", school_admin).get_json()
    assert enrollment["status"] == "active" and enrollment["teacher_id"] == learner.id
    r = api.post(f"/enrollments/{gone}/cancel", school_admin)
    assert r.status_code == 200 and r.get_json()["status"] == "cancelled"


# --- a tutor's title grade (lms.live.points: the fee's coefficient) ----------------------------------------------

def test_an_admin_sets_a_tutors_title_grade(api, app, tree, make):
    tutor = make.user(tree["school111"], "tutor", "teacher", name="王导师")
    assert api.get(f"/users/{tutor.id}", tree["admins"]["province"]).get_json()["title_grade"] == "other"
    r = api.patch(f"/users/{tutor.id}", tree["admins"]["province"], json={"title_grade": "senior"})
    assert r.status_code == 200 and r.get_json()["title_grade"] == "senior"
    [(before, after, _actor)] = audit_of(app, tutor.id, "user.update")
    assert (before["title_grade"], after["title_grade"]) == ("other", "senior")
    for bad in ("king", None, ""):
        assert_error(api.patch(f"/users/{tutor.id}", tree["admins"]["province"], json={"title_grade": bad}), 400,
                     "invalid_input")
    assert stored(app, tutor.id).title_grade == "senior"
    # Tutors serve the whole province: its admins manage them (and so their title grade), a county's do not.
    assert_error(api.patch(f"/users/{tutor.id}", tree["admins"]["county11"], json={"title_grade": "leader"}), 403,
                 "forbidden")
    assert_error(api.patch("/me", tutor, json={"title_grade": "senior"}), 400, "invalid_input")


def test_the_title_grade_on_the_users_page(client, app, tree, make):
    tutor = make.user(tree["school111"], "tutor", "teacher", name="王导师")
    sign_in(client, tree["admins"]["province"])
    page = client.get(f"/org/users/{tutor.id}").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "name": "王导师", "roles": ["tutor", "teacher"], "title_grade": "leader"}
    assert client.post(f"/org/users/{tutor.id}/edit", data=data).status_code == 302
    assert stored(app, tutor.id).title_grade == "leader"
    assert client.post(f"/org/users/{tutor.id}/edit", data=dict(data, title_grade="king")).status_code == 400
    assert stored(app, tutor.id).title_grade == "leader"
