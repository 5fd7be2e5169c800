"""The first province and its first admin, for a fresh installation."""
from __future__ import annotations

from sqlalchemy import select

from lms.org import rules, services
from lms.org.models import OrgUnit, User


def bootstrap(session, admin_username: str, admin_password: str, province_name: str,
              province_code: str) -> tuple[OrgUnit, User, bool]:
    """Idempotent: an existing province (by code) and admin (by username) are kept as they are."""
    if problem := rules.password_error(admin_password):
        raise ValueError(f"admin password: {problem}")
    province = session.scalar(select(OrgUnit).where(OrgUnit.code == province_code))
    if province is None:
        province = services.create_root(session, province_name, province_code)
    admin = session.scalar(select(User).where(User.username == admin_username))
    if admin is not None:
        return province, admin, False
    new = services.NewUser(username=admin_username, name=admin_username, org_unit=province,
                           roles=["province_admin"], password=admin_password)
    admin, _generated = services.create_user(session, None, new)
    admin.must_change_password = False
    return province, admin, True
