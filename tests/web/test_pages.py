"""The pages in a browser's shoes: sign-in, home per role, forms with CSRF, language."""
from __future__ import annotations

import io

import pytest

from tests.factories import PASSWORD
from tests.helpers import csrf_token, sign_in


@pytest.fixture
def tree(make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    return t


def test_login_page_is_chinese_by_default_and_switches_to_english(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and 'lang="zh-CN"' in page
    client.get("/lang/en")
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in" in page and 'lang="en"' in page


def test_language_switch_refuses_outside_redirects(client):
    assert client.get("/lang/en?next=//evil.example").headers["Location"].endswith("/")


@pytest.mark.parametrize("role", ["teacher", "school_admin", "county_admin", "city_admin", "province_admin",
                                  "tutor", "expert"])
def test_every_role_signs_in_and_sees_its_home(client, make, tree, role):
    unit = {"teacher": tree["school111"], "school_admin": tree["school111"], "county_admin": tree["county11"],
            "city_admin": tree["city1"]}.get(role, tree["province"])
    user = make.user(unit, role, name="测试用户")
    sign_in(client, user)
    page = client.get("/").get_data(as_text=True)
    assert "测试用户" in page
    assert ("组织机构" in page) == role.endswith("_admin")


def test_home_requires_sign_in(client):
    r = client.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_wrong_password_shows_a_message_and_keeps_the_form(client, make, tree):
    user = make.user(tree["school111"], "teacher", username="page_user")
    token = csrf_token(client.get("/login").get_data(as_text=True))
    r = client.post("/login", data={"username": "page_user", "password": "wrong123", "csrf_token": token})
    assert r.status_code == 400 and "用户名或密码错误" in r.get_data(as_text=True)
    assert user.id


def test_login_form_needs_its_csrf_token(client, make, tree):
    make.user(tree["school111"], "teacher", username="csrf_user")
    r = client.post("/login", data={"username": "csrf_user", "password": PASSWORD})
    assert r.status_code == 400
    assert client.get("/").status_code == 302  # not signed in


def test_state_changes_need_the_csrf_token(client, make, tree):
    admin = tree["admins"]["county11"]
    sign_in(client, admin)
    r = client.post(f"/org/units/{tree['county11'].id}/children", data={"child-name": "新学校"})
    assert r.status_code == 400
    # The same session calling the API must send X-CSRFToken too.
    r = client.post("/api/v1/org-units", json={"name": "新学校", "level": "school", "parent_id": tree["county11"].id})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "csrf_failed"
    token = csrf_token(client.get("/").get_data(as_text=True))
    r = client.post("/api/v1/org-units", json={"name": "新学校", "level": "school", "parent_id": tree["county11"].id},
                    headers={"X-CSRFToken": token})
    assert r.status_code == 201


def test_admin_creates_a_child_unit_and_edits_teacher_counts(client, make, tree):
    sign_in(client, tree["admins"]["county11"])
    page = client.get(f"/org/units/{tree['county11'].id}").get_data(as_text=True)
    token = csrf_token(page)
    r = client.post(f"/org/units/{tree['county11'].id}/children",
                    data={"csrf_token": token, "child-name": "东山小学", "child-code": "3201159", "child-teacher_count": 80})
    assert r.status_code == 302
    page = client.get(f"/org/units/{tree['county11'].id}").get_data(as_text=True)
    assert "东山小学" in page
    r = client.post(f"/org/units/{tree['school111'].id}/teacher-count", data={"csrf_token": token, "teacher_count": 77})
    assert r.status_code == 302
    assert 'value="77"' in client.get(f"/org/units/{tree['county11'].id}").get_data(as_text=True)
    # Bad input is explained, nothing is created.
    r = client.post(f"/org/units/{tree['county11'].id}/children",
                    data={"csrf_token": token, "child-name": "", "child-teacher_count": -3})
    assert r.status_code == 400 and "is-invalid" in r.get_data(as_text=True)


def test_unit_search(client, tree):
    sign_in(client, tree["admins"]["city1"])
    page = client.get(f"/org/units/{tree['city1'].id}?q=学校11").get_data(as_text=True)
    assert "学校111" in page and "学校211" not in page


def test_out_of_scope_pages_are_refused(client, tree):
    sign_in(client, tree["admins"]["city1"])
    assert client.get(f"/org/units/{tree['city2'].id}").status_code == 403
    assert client.get(f"/org/users?unit={tree['city2'].id}").status_code == 403


def test_admin_creates_a_user_with_a_generated_password(client, tree):
    sign_in(client, tree["admins"]["school111"])
    url = f"/org/units/{tree['school111'].id}/users/new"
    token = csrf_token(client.get(url).get_data(as_text=True))
    r = client.post(url, data={"csrf_token": token, "username": "form_teacher", "name": "孙丽", "roles": ["teacher"],
                               "phone": "13700000000", "stage": "小学"}, follow_redirects=True)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "孙丽" in page and "初始密码" in page
    r = client.post(url, data={"csrf_token": token, "username": "form_teacher", "name": "孙丽", "roles": ["teacher"]})
    assert r.status_code == 400 and "用户名已被占用" in r.get_data(as_text=True)


def test_new_password_is_required_after_a_reset(client, app, make, tree):
    teacher = make.user(tree["school111"], "teacher", username="reset_me")
    admin_client = app.test_client()
    sign_in(admin_client, tree["admins"]["school111"])
    token = csrf_token(admin_client.get(f"/org/users/{teacher.id}").get_data(as_text=True))
    r = admin_client.post(f"/org/users/{teacher.id}/reset-password", data={"csrf_token": token}, follow_redirects=True)
    import re
    new_password = re.search(r"：([a-z0-9]{10})", r.get_data(as_text=True)).group(1)
    sign_in(client, teacher, new_password)
    assert client.get("/").headers["Location"].endswith("/account/password")
    token = csrf_token(client.get("/account/password").get_data(as_text=True))
    r = client.post("/account/password", data={"csrf_token": token, "current_password": new_password,
                                               "new_password": "mine2026x", "confirm": "mine2026x"})
    assert r.status_code == 302
    assert client.get("/").status_code == 200


def test_import_page_reports_rows(client, tree):
    sign_in(client, tree["admins"]["county11"])
    token = csrf_token(client.get("/org/users/import").get_data(as_text=True))
    csv = "用户名,姓名,单位代码\nweb_imp1,赵敏,NOPE\n".encode()
    r = client.post("/org/users/import", data={"csrf_token": token, "file": (io.BytesIO(csv), "u.csv")},
                    content_type="multipart/form-data")
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "NOPE" in page
    csv = f"用户名,姓名,单位代码\nweb_imp1,赵敏,{tree['school111'].code}\n".encode()
    r = client.post("/org/users/import", data={"csrf_token": token, "file": (io.BytesIO(csv), "u.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and "web_imp1" in r.get_data(as_text=True)


def test_page_login_is_rate_limited(client, app, make, tree):
    make.user(tree["school111"], "teacher", username="flood_me")
    limit = app.config["LOCKOUT_THRESHOLD"]
    token = csrf_token(client.get("/login").get_data(as_text=True))
    codes = [client.post("/login", data={"username": "flood_me", "password": "x", "csrf_token": token}).status_code
             for _i in range(limit + 1)]
    assert codes[-1] == 429


def test_security_headers(client):
    r = client.get("/login")
    assert r.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_http_only(client, make, tree):
    r = sign_in(client, make.user(tree["school111"], "teacher"))
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
