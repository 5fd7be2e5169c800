"""One rule decides "may manage this account": what an admin may create it may then reset and unlock, and the
other way round, at every level (the finding of issue 10: an admin could create a peer it could not manage)."""
from __future__ import annotations

import pytest

from lms.core.scope import ROLES
from lms.org import rules

ADMIN_UNITS = ("province", "city1", "county11", "school111")


@pytest.fixture
def tree(make):
    t = make.tree()
    t["admins"] = {key: make.admin(t[key]) for key in ADMIN_UNITS}
    return t


def _cases(tree):
    """Every (unit, role) an account can hold in the tree."""
    units = [key for key in tree if key != "admins"]
    return [(key, role) for key in units for role in ROLES if rules.role_error(role, tree[key].level) is None]


@pytest.mark.parametrize("admin_key", ADMIN_UNITS)
def test_create_and_manage_are_one_decision_at_every_level(app, make, tree, admin_key):
    from lms.core.errors import DomainError
    from lms.extensions import db
    from lms.org import policies, services
    from lms.org.models import OrgUnit, User

    creatable = []
    with app.app_context():
        admin = db.session.get(User, tree["admins"][admin_key].id)
        for number, (unit_key, role) in enumerate(_cases(tree)):
            unit = db.session.get(OrgUnit, tree[unit_key].id)
            new = services.NewUser(username=f"rule_{admin_key}_{number}", name="规则", org_unit=unit, roles=[role])
            savepoint = db.session.begin_nested()
            try:
                user, _generated = services.create_user(db.session, admin, new, password_hash="not-a-hash")
            except DomainError as error:
                savepoint.rollback()
                assert error.status in (400, 403), error.code
                assert not policies.can_grant_role(admin, role, unit), (unit_key, role)
                continue
            savepoint.commit()
            creatable.append((unit_key, role))
            # Created ⇒ manageable: the admin may reset and unlock whom it just made.
            assert policies.can_manage_user(admin, user), (admin_key, unit_key, role)
            services.unlock_user(db.session, admin, user)
            assert services.reset_password(db.session, admin, user, "fresh2026x") is None
        db.session.rollback()
    assert creatable, admin_key
    # Not creatable ⇒ not manageable: the same accounts made by the system stay out of the admin's hands.
    for unit_key, role in _cases(tree):
        if (unit_key, role) in creatable:
            continue
        other = make.user(tree[unit_key], role)
        with app.app_context():
            admin = db.session.get(User, tree["admins"][admin_key].id)
            assert not policies.can_manage_user(admin, db.session.get(User, other.id)), (admin_key, unit_key, role)


@pytest.mark.parametrize("admin_key, expected", [
    # Strictly below the admin's own level, within its subtree; tutors and experts by the province only.
    ("province", {("city1", "city_admin"), ("county11", "county_admin"), ("school111", "school_admin"),
                  ("school111", "teacher"), ("province", "tutor"), ("province", "expert")}),
    ("city1", {("county11", "county_admin"), ("school111", "school_admin"), ("school111", "teacher")}),
    ("county11", {("school111", "school_admin"), ("school111", "teacher")}),
    ("school111", {("school111", "teacher")}),
])
def test_no_admin_manages_its_own_level(app, tree, admin_key, expected):
    from lms.extensions import db
    from lms.org import policies
    from lms.org.models import OrgUnit, User

    with app.app_context():
        admin = db.session.get(User, tree["admins"][admin_key].id)
        allowed = {(key, role) for key, role in _cases(tree)
                   if policies.can_grant_role(admin, role, db.session.get(OrgUnit, tree[key].id))}
    assert expected <= allowed
    own_level = f"{tree[admin_key].level}_admin"
    assert not any(role == own_level for _key, role in allowed)
