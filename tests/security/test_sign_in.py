"""Failed sign-ins, the proxy in front and HSTS (docs/SECURITY.md, "Sign-in and lockout")."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms import create_app
from lms.core import clock
from tests.factories import PASSWORD
from tests.helpers import assert_error

ATTACKER = "203.0.113.66"  # documentation ranges (RFC 5737): no traffic leaves the test client
ADMIN_HOME = "198.51.100.7"
SCHOOL_NAT = "192.0.2.10"


def token(client, username: str, password: str, address: str | None = None, **headers):
    environ = {"REMOTE_ADDR": address} if address else {}
    return client.post("/api/v1/auth/token", json={"username": username, "password": password},
                       environ_base=environ, headers=headers)


def test_known_and_unknown_names_get_the_same_answers(api, make, tree, app):
    make.user(tree["province"], "province_admin", username="boss")
    threshold = app.config["LOCKOUT_THRESHOLD"]
    for name in ("boss", "ghost"):
        answers = [token(api.client, name, "wrong2026x") for _i in range(threshold + 2)]
        codes = [r.status_code for r in answers]
        assert codes == [401] * threshold + [429, 429], (name, codes)
        messages = {r.get_json()["error"]["message"] for r in answers}
        assert len(messages) == 2
    # Both now wait, whatever the password: a refusal tells nothing about the account.
    assert token(api.client, "boss", PASSWORD).status_code == 429
    assert token(api.client, "ghost", PASSWORD).status_code == 429


def test_an_attacker_cannot_shut_an_admin_out(api, make, tree):
    make.user(tree["province"], "province_admin", username="boss")
    for _i in range(40):
        token(api.client, "boss", "guess2026x", ATTACKER)
    assert token(api.client, "boss", PASSWORD, ATTACKER).status_code == 429
    assert token(api.client, "boss", PASSWORD, ADMIN_HOME).status_code == 200


def test_the_wait_doubles_with_each_further_failure(api, make, tree, app):
    make.user(tree["school111"], "teacher", username="slow")
    for _i in range(app.config["LOCKOUT_THRESHOLD"]):
        assert token(api.client, "slow", "wrong2026x").status_code == 401
    waits = []
    for _round in range(4):
        waited = 0
        while token(api.client, "slow", "wrong2026x").status_code == 429:
            clock.travel(timedelta(seconds=30))
            waited += 30
        waits.append(waited)
    # The first wait was set by the 5th failure (1 minute); each failure after it doubles the next one.
    assert waits[1:] == [60 * 2, 60 * 4, 60 * 8], waits


def test_the_wait_is_capped(api, make, tree, app):
    make.user(tree["school111"], "teacher", username="capped")
    for _i in range(app.config["LOCKOUT_THRESHOLD"] + 12):
        token(api.client, "capped", "wrong2026x")
        clock.travel(timedelta(minutes=app.config["LOCKOUT_MINUTES"]))
    clock.travel(timedelta(seconds=1))
    assert token(api.client, "capped", PASSWORD).status_code == 200


def test_a_school_behind_one_address_signs_in_all_morning(api, make, tree):
    teachers = [make.user(tree["school111"], "teacher", username=f"nat{i:03d}") for i in range(150)]
    for i, teacher in enumerate(teachers):
        if i % 3 == 0:  # a typo first, as people do
            assert token(api.client, teacher.username, "typo2026x", SCHOOL_NAT).status_code == 401
        assert token(api.client, teacher.username, PASSWORD, SCHOOL_NAT).status_code == 200, teacher.username


def test_an_address_that_only_fails_is_held_back(api, make, tree, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_FAILURES", 20)
    make.user(tree["school111"], "teacher", username="victim")
    for i in range(20):
        assert token(api.client, f"spray{i}", "wrong2026x", ATTACKER).status_code == 401
    assert_error(token(api.client, "spray99", "wrong2026x", ATTACKER), 429, "rate_limited")
    assert token(api.client, "victim", PASSWORD, ADMIN_HOME).status_code == 200
    clock.travel(timedelta(minutes=app.config["LOGIN_WINDOW_MINUTES"], seconds=1))
    assert token(api.client, "spray99", "wrong2026x", ATTACKER).status_code == 401


def test_guessing_one_account_from_many_addresses_is_bounded_and_an_admin_lifts_it(api, make, tree, app,
                                                                                   monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FAILURES", 10)
    teacher = make.user(tree["school111"], "teacher", username="target")
    for i in range(10):
        assert token(api.client, "target", "wrong2026x", f"203.0.113.{i + 1}").status_code == 401
    assert token(api.client, "target", PASSWORD, ADMIN_HOME).status_code == 429
    assert api.get(f"/users/{teacher.id}", make.admin(tree["school111"])).get_json()["locked"] is True
    assert api.post(f"/users/{teacher.id}/unlock", make.admin(tree["school111"])).status_code == 200
    assert token(api.client, "target", PASSWORD, ADMIN_HOME).status_code == 200


def test_the_sign_in_page_answers_429_the_same_way(app, make, tree):
    from tests.helpers import csrf_token

    client = app.test_client()
    form_token = csrf_token(client.get("/login").get_data(as_text=True))
    codes = [client.post("/login", data={"username": "nobody_here", "password": "wrong2026x",
                                         "csrf_token": form_token}).status_code
             for _i in range(app.config["LOCKOUT_THRESHOLD"] + 1)]
    assert codes[-1] == 429 and codes[0] == 400


@pytest.fixture
def proxied_app(app):
    """The same app behind one trusted reverse proxy (LMS_TRUSTED_PROXIES=1)."""
    config = {key: app.config[key] for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY",
                                                "ARGON2_MEMORY_KIB", "ARGON2_TIME_COST", "SERVER_NAME")}
    return create_app(dict(config, TRUSTED_PROXIES=1))


def test_behind_a_trusted_proxy_the_real_client_is_throttled(proxied_app, make, tree):
    make.user(tree["province"], "province_admin", username="boss")
    client = proxied_app.test_client()
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _i in range(10):
        client.post("/api/v1/auth/token", json={"username": "boss", "password": "guess2026x"},
                    environ_base=via_proxy, headers={"X-Forwarded-For": ATTACKER})
    r = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}, environ_base=via_proxy,
                    headers={"X-Forwarded-For": ATTACKER})
    assert r.status_code == 429
    r = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}, environ_base=via_proxy,
                    headers={"X-Forwarded-For": ADMIN_HOME})
    assert r.status_code == 200


def test_without_trusted_proxies_forwarded_headers_are_ignored(api, make, tree):
    make.user(tree["province"], "province_admin", username="boss")
    for i in range(10):
        token(api.client, "boss", "guess2026x", ATTACKER, **{"X-Forwarded-For": f"198.51.100.{i}"})
    assert token(api.client, "boss", PASSWORD, ATTACKER, **{"X-Forwarded-For": ADMIN_HOME}).status_code == 429


def test_hsts_is_sent_when_cookies_are_secure(client, app, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert "max-age=" in client.get("/login").headers["Strict-Transport-Security"]


def test_hsts_follows_the_proxys_scheme(proxied_app):
    r = proxied_app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in r.headers


def test_the_unlock_command_needs_no_admin(api, app, make, tree, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FAILURES", 3)
    make.user(tree["province"], "province_admin", username="topadmin")
    for i in range(3):
        token(api.client, "topadmin", "wrong2026x", f"203.0.113.{i + 1}")
    assert token(api.client, "topadmin", PASSWORD, ADMIN_HOME).status_code == 429
    from lms.cli import unlock_command

    result = app.test_cli_runner().invoke(unlock_command, ["topadmin"])
    assert result.exit_code == 0, result.output
    assert token(api.client, "topadmin", PASSWORD, ADMIN_HOME).status_code == 200
