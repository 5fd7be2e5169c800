"""Org pages on the request pipeline: the policy answers before the form, the form's messages stay in place."""
from __future__ import annotations

import pytest

from tests.helpers import csrf_token, sign_in


@pytest.fixture
def tree(make):
    t = make.tree()
    t["admins"] = {key: make.admin(unit) for key, unit in t.items()}
    return t


def test_a_unit_keeps_its_name_but_its_own_admin_sets_its_teacher_count(client, tree):
    sign_in(client, tree["admins"]["county11"])
    url = f"/org/units/{tree['county11'].id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="edit-name"' not in page and f"/org/units/{tree['county11'].id}/teacher-count" in page
    token = csrf_token(page)
    r = client.post(f"{url}/teacher-count", data={"csrf_token": token, "teacher_count": 321})
    assert r.status_code == 302 and r.headers["Location"].endswith(url)
    assert 'value="321"' in client.get(url).get_data(as_text=True)
    # Renaming its own unit is the level above's: refused before the form is read.
    r = client.post(f"{url}/edit", data={"csrf_token": token, "edit-name": "新名字", "edit-teacher_count": 1})
    assert r.status_code == 403
    assert "新名字" not in client.get(url).get_data(as_text=True)


def test_a_unit_is_renamed_from_above(client, tree):
    sign_in(client, tree["admins"]["city1"])
    page = client.get(f"/org/units/{tree['county11'].id}").get_data(as_text=True)
    assert 'name="edit-name"' in page
    r = client.post(f"/org/units/{tree['county11'].id}/edit",
                    data={"csrf_token": csrf_token(page), "edit-name": "新区县", "edit-code": "", "edit-teacher_count": 5})
    assert r.status_code == 302
    assert "新区县" in client.get(f"/org/units/{tree['county11'].id}").get_data(as_text=True)


def test_a_school_admin_may_not_add_units_whatever_it_posts(client, tree):
    sign_in(client, tree["admins"]["school111"])
    token = csrf_token(client.get("/").get_data(as_text=True))
    for data in ({}, {"child-name": ""}, {"child-name": "新学校", "child-teacher_count": -1}):
        r = client.post(f"/org/units/{tree['school111'].id}/children", data={"csrf_token": token, **data})
        assert r.status_code == 403, data


def test_a_peer_admins_password_is_not_reset_from_the_page(client, make, tree):
    peer = make.admin(tree["school111"])
    sign_in(client, tree["admins"]["school111"])
    page = client.get(f"/org/users/{peer.id}").get_data(as_text=True)
    assert "/reset-password" not in page
    r = client.post(f"/org/users/{peer.id}/reset-password", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 403
