"""Tokens, /me, lockout after wrong passwords, rate limits (docs/API.md "Auth and people")."""
from __future__ import annotations

from datetime import timedelta

from lms.core import clock
from tests.factories import PASSWORD
from tests.helpers import assert_error


def test_token_then_me(api, make):
    school = make.tree()["school111"]
    teacher = make.user(school, "teacher", username="li_lei", name="李雷", subject="数学")
    r = api.post("/auth/token", json={"username": "li_lei", "password": PASSWORD})
    assert r.status_code == 200
    body = r.get_json()
    assert body["user"]["username"] == "li_lei" and body["token"]
    me = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"}).get_json()
    assert me["name"] == "李雷"
    assert me["roles"] == [{"role": "teacher", "org_unit_id": school.id}]
    assert teacher.id == me["id"]


def test_unknown_user_and_wrong_password_get_the_same_answer(api, make):
    make.user(make.unit("province"), "province_admin", username="boss")
    wrong = assert_error(api.post("/auth/token", json={"username": "boss", "password": "nope1234"}), 401,
                         "invalid_credentials")
    unknown = assert_error(api.post("/auth/token", json={"username": "ghost", "password": "nope1234"}), 401,
                           "invalid_credentials")
    assert wrong == unknown


def test_me_needs_a_valid_token(api):
    assert_error(api.client.get("/api/v1/me"), 401, "unauthenticated")
    assert_error(api.client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}), 401, "unauthenticated")


def test_token_expires(api, make, app):
    user = make.user(make.unit("province"), "province_admin")
    token = api.token_for(user)
    headers = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/api/v1/me", headers=headers).status_code == 200
    clock.travel(timedelta(hours=app.config["TOKEN_HOURS"], seconds=1))
    assert_error(api.client.get("/api/v1/me", headers=headers), 401, "unauthenticated")


def test_five_wrong_passwords_lock_the_account_and_an_admin_above_unlocks_it(api, make):
    t = make.tree()
    teacher = make.user(t["school111"], "teacher", username="wang")
    school_admin = make.admin(t["school111"])
    other_school_admin = make.admin(t["school112"])
    for _attempt in range(5):
        assert_error(api.post("/auth/token", json={"username": "wang", "password": "wrong999"}), 401,
                     "invalid_credentials")
    # Locked: even the right password is refused now, with the time it opens again.
    body = assert_error(api.post("/auth/token", json={"username": "wang", "password": PASSWORD}), 429,
                        "rate_limited")
    assert "unlock" in body["error"]["message"] or "解锁" in body["error"]["message"]
    assert_error(api.post(f"/users/{teacher.id}/unlock", other_school_admin), 403, "forbidden")
    assert api.post(f"/users/{teacher.id}/unlock", school_admin).status_code == 200
    assert api.post("/auth/token", json={"username": "wang", "password": PASSWORD}).status_code == 200


def test_lock_expires_by_itself(api, make, app):
    make.user(make.unit("province"), "province_admin", username="zhao")
    for _attempt in range(5):
        api.post("/auth/token", json={"username": "zhao", "password": "wrong999"})
    assert api.post("/auth/token", json={"username": "zhao", "password": PASSWORD}).status_code == 429
    clock.travel(timedelta(minutes=app.config["LOCKOUT_MINUTES"], seconds=1))
    assert api.post("/auth/token", json={"username": "zhao", "password": PASSWORD}).status_code == 200


def test_a_right_password_resets_the_count(api, make):
    make.user(make.unit("province"), "province_admin", username="qian")
    for _round in range(3):
        for _attempt in range(4):
            api.post("/auth/token", json={"username": "qian", "password": "wrong999"})
        assert api.post("/auth/token", json={"username": "qian", "password": PASSWORD}).status_code == 200


def test_token_endpoint_is_rate_limited_per_account_even_for_unknown_names(api, app):
    limit = app.config["LOCKOUT_THRESHOLD"]
    for _attempt in range(limit):
        api.post("/auth/token", json={"username": "nobody", "password": "x1234567"})
    assert_error(api.post("/auth/token", json={"username": "nobody", "password": "x1234567"}), 429, "rate_limited")


def test_bad_token_requests(api):
    assert_error(api.post("/auth/token", data="not json", content_type="text/plain"), 400, "invalid_input")
    body = assert_error(api.post("/auth/token", json={"username": ""}), 400, "invalid_input")
    assert set(body["error"]["fields"]) == {"username", "password"}
    assert_error(api.post("/auth/token", json=["a", "b"]), 400, "invalid_input")
    assert_error(api.post("/auth/token", json={"username": 5, "password": None}), 400, "invalid_input")


def test_password_change_invalidates_old_tokens(api, make):
    user = make.user(make.unit("province"), "province_admin")
    token = api.token_for(user)
    headers = {"Authorization": f"Bearer {token}"}
    body = assert_error(api.client.post("/api/v1/me/password", headers=headers,
                                        json={"current_password": "wrong", "new_password": "abc"}),
                        400, "invalid_input")
    assert "current_password" in body["error"]["fields"]
    assert_error(api.client.post("/api/v1/me/password", headers=headers,
                                 json={"current_password": PASSWORD, "new_password": "short"}), 400, "invalid_input")
    r = api.client.post("/api/v1/me/password", headers=headers,
                        json={"current_password": PASSWORD, "new_password": "newpass2026"})
    assert r.status_code == 200
    assert_error(api.client.get("/api/v1/me", headers=headers), 401, "unauthenticated")
    assert api.post("/auth/token", json={"username": user.username, "password": "newpass2026"}).status_code == 200
