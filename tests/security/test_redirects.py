"""Redirects to a client-chosen target stay on this site (docs/SECURITY.md, "Redirects")."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from lms.web.redirects import safe_target
from tests.factories import PASSWORD
from tests.helpers import csrf_token

# Known bypasses of "starts with / but not //" checks, raw (as the handler receives them after URL decoding).
BYPASSES = [
    "//evil.example", "///evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example",
    "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "\\/evil.example", " //evil.example",
    "\t//evil.example", "/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%2F/evil.example",
    "/%2f%2fevil.example", "%2F%2Fevil.example", "/%5Cevil.example", "/%5c/evil.example",
    "/%252F%252Fevil.example", "/%25252F/evil.example", "https://evil.example", "http:evil.example",
    "http:/evil.example", "//lms.test@evil.example", "https:/\\evil.example", "javascript:alert(1)",
    "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "／／evil.example", "evil.example",
    "/\r\nSet-Cookie: a=b", "/%0d%0aSet-Cookie:%20a=b", "/\x00/evil.example", "/\x7f/evil.example",
    "/" + "a" * 5000,
]
GOOD = ["/", "/org/users?q=%E5%BC%A0&page=2", "/my/training", "/org/units/3#top"]


@pytest.mark.parametrize("target", BYPASSES)
def test_the_helper_refuses_known_bypasses(target):
    assert safe_target(target) is None


@pytest.mark.parametrize("target", GOOD)
def test_the_helper_keeps_local_paths(target):
    assert safe_target(target) == target


def _is_home(response) -> bool:
    location = response.headers["Location"]
    parts = urlsplit(location)
    return parts.netloc in ("", "lms.test") and parts.path == "/" and not location.startswith("//")


@pytest.mark.parametrize("target", BYPASSES)
def test_language_switch_never_leaves_the_site(client, target):
    r = client.get("/lang/en", query_string={"next": target})
    assert r.status_code == 302 and _is_home(r), r.headers.get("Location")


def test_the_reported_language_switch_url(client):
    r = client.get("/lang/en?next=/%09/evil.example")
    assert r.status_code == 302 and _is_home(r)
    r = client.get("/lang/en?next=/%0d%0aSet-Cookie:%20x=1")  # was a 500
    assert r.status_code == 302 and _is_home(r) and "x=1" not in r.headers.get("Set-Cookie", "")


def test_language_switch_keeps_a_local_target(client):
    r = client.get("/lang/en", query_string={"next": "/org/users?q=1"})
    assert r.headers["Location"].endswith("/org/users?q=1")


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example", "/\r\n/evil.example",
                                    "https://evil.example"])
def test_sign_in_never_leaves_the_site(app, make, tree, target):
    make.user(tree["school111"], "teacher", username="redirected")
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    r = client.post("/login", query_string={"next": target},
                    data={"username": "redirected", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302 and _is_home(r), r.headers.get("Location")


def test_sign_in_follows_a_local_target(app, make, tree):
    make.user(tree["school111"], "teacher", username="redirected")
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    r = client.post("/login?next=/my/training", data={"username": "redirected", "password": PASSWORD,
                                                      "csrf_token": token})
    assert r.headers["Location"].endswith("/my/training")
