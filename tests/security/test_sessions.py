"""Sessions, tokens, CSRF and forced password changes (docs/SECURITY.md, "Sessions" and "Tokens")."""
from __future__ import annotations

import io

from tests.factories import PASSWORD
from tests.helpers import assert_error, csrf_token, sign_in


def _copy_session(app, client):
    cookie = client.get_cookie("session", domain="lms.test") or client.get_cookie("session", domain=".lms.test")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value, domain=cookie.domain)
    return thief


def test_a_copied_session_cookie_dies_at_logout(app, make, tree):
    client = app.test_client()
    sign_in(client, make.user(tree["school111"], "teacher"))
    thief = _copy_session(app, client)
    assert thief.get("/").status_code == 200
    token = csrf_token(client.get("/account/password").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    r = thief.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert_error(thief.get("/api/v1/me"), 401, "unauthenticated")


def test_signing_in_again_after_logout_works(app, make, tree):
    user = make.user(tree["school111"], "teacher")
    client = app.test_client()
    sign_in(client, user)
    token = csrf_token(client.get("/account/password").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    sign_in(client, user)
    assert client.get("/").status_code == 200


def test_a_bogus_bearer_header_does_not_switch_csrf_off(app, make, tree):
    user = make.user(tree["school111"], "teacher")
    client = app.test_client()
    sign_in(client, user)
    r = client.post("/api/v1/me/password", headers={"Authorization": "Bearer bogus"},
                    json={"current_password": PASSWORD, "new_password": "Harder2026x"})
    assert_error(r, 401, "unauthenticated")
    # Without a bearer header the cookie session still needs its CSRF token.
    r = client.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "Harder2026x"})
    assert_error(r, 400, "csrf_failed")
    sign_in(app.test_client(), user)  # the password is unchanged


def test_with_a_valid_token_the_cookie_is_not_used(app, api, make, tree):
    cookie_user = make.user(tree["school111"], "teacher", name="甲")
    token_user = make.user(tree["school111"], "teacher", name="乙")
    client = app.test_client()
    sign_in(client, cookie_user)
    r = client.get("/api/v1/me", headers={"Authorization": f"Bearer {api.token_for(token_user)}"})
    assert r.get_json()["name"] == "乙"


def test_a_reset_password_must_be_changed_before_the_api_does_anything(api, make, tree):
    admin = make.admin(tree["school111"])
    teacher = make.user(tree["school111"], "teacher", username="reset_me")
    new = api.post(f"/users/{teacher.id}/reset-password", admin, json={}).get_json()["initial_password"]
    r = api.client.post("/api/v1/auth/token", json={"username": "reset_me", "password": new})
    assert r.status_code == 200
    headers = {"Authorization": f"Bearer {r.get_json()['token']}"}
    for path in ("/api/v1/me", "/api/v1/projects", f"/api/v1/users/{teacher.id}"):
        assert_error(api.client.get(path, headers=headers), 403, "password_change_required")
    r = api.client.post("/api/v1/me/password", headers=headers, json={"current_password": new,
                                                                     "new_password": "Mine2026ok"})
    assert r.status_code == 200
    token = api.client.post("/api/v1/auth/token", json={"username": "reset_me", "password": "Mine2026ok"})
    assert api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.get_json()['token']}"}
                          ).status_code == 200


def test_an_admin_chosen_password_must_be_changed_too(api, make, tree):
    admin = make.admin(tree["school111"])
    body = {"username": "chosen1", "name": "王五", "org_unit_id": tree["school111"].id, "roles": ["teacher"],
            "password": "Given2026pw"}
    assert api.post("/users", admin, json=body).status_code == 201
    token = api.client.post("/api/v1/auth/token", json={"username": "chosen1", "password": "Given2026pw"})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    assert_error(api.client.get("/api/v1/me", headers=headers), 403, "password_change_required")


def test_an_imported_password_must_be_changed_on_the_pages(app, api, make, tree):
    admin = make.admin(tree["province"])
    csv = f"用户名,姓名,单位代码,初始密码\nimported1,赵六,{tree['school111'].code},Import2026x\n".encode()
    r = api.post("/users/import", admin, data={"file": (io.BytesIO(csv), "u.csv")}, content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    r = client.post("/login", data={"username": "imported1", "password": "Import2026x", "csrf_token": token})
    assert r.headers["Location"].endswith("/account/password")
    assert client.get("/").headers["Location"].endswith("/account/password")
