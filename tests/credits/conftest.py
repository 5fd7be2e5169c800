"""A province with two cities; a teacher of school111 and the admins above and beside it."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from lms.extensions import db


@pytest.fixture
def area(app, make):
    tree = make.tree()
    ns = SimpleNamespace(
        tree=tree, app=app,
        teacher=make.user(tree["school111"], "teacher", name="王老师"),
        colleague=make.user(tree["school111"], "teacher", name="李老师"),
        stranger=make.user(tree["school221"], "teacher", name="赵老师"),
        school_admin=make.admin(tree["school111"]), other_school_admin=make.admin(tree["school112"]),
        county_admin=make.admin(tree["county11"]), other_county_admin=make.admin(tree["county12"]),
        city_admin=make.admin(tree["city1"]), other_city_admin=make.admin(tree["city2"]),
        province_admin=make.admin(tree["province"]))
    return ns


@pytest.fixture
def session(app):
    with app.test_request_context(method="POST"):  # services change things: a change's request, not a read
        yield db.session
        db.session.rollback()
