"""Read-side queries of the org domain, always within the caller's subtree."""
from __future__ import annotations

from flask_babel import gettext as _
from rapidfuzz import fuzz, process
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from lms.core import scope
from lms.core.audit import AuditEntry
from lms.core.errors import Forbidden, InvalidInput, NotFound
from lms.org import policies
from lms.org.models import OrgUnit, RoleAssignment, User

# Fuzzy name search loads (id, name) pairs; beyond this many the subtree is searched exactly only.
FUZZY_SCAN_LIMIT = 300_000


def unit_in_scope(session, actor, unit_id: int) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound(_("No such org unit."))
    policies.MANAGE_UNIT.enforce(actor, unit)
    return unit


def user_in_scope(session, actor, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    if not policies.can_view_user(actor, user):
        raise Forbidden(_("This user is outside your area."))
    return user


def unit_by_code_in_scope(session, actor, code: str) -> OrgUnit:
    """A unit named by its administrative code in a form; an unknown code is bad input, not a missing page."""
    unit = session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    if unit is None:
        raise InvalidInput(_("Please correct the marked fields."), {"unit_code": _("No unit has this code.")})
    if not policies.can_manage_unit(actor, unit):
        raise InvalidInput(_("Please correct the marked fields."),
                           {"unit_code": _("%(name)s is outside your area: you may not move people there.",
                                           name=unit.name)})
    return unit


def user_history(session, user: User, limit: int = 20) -> list:
    """The audit entries about ``user``, newest first."""
    return list(session.scalars(select(AuditEntry).where(AuditEntry.target_type == "user",
                                                         AuditEntry.target_id == user.id)
                                .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))


def children(session, unit: OrgUnit) -> list[OrgUnit]:
    return list(session.scalars(select(OrgUnit).where(OrgUnit.parent_id == unit.id).order_by(OrgUnit.code, OrgUnit.id)))


def ancestors(session, unit: OrgUnit) -> list[OrgUnit]:
    """From the province down to the unit's parent."""
    ids = [i for i in unit.ancestor_ids() if i != unit.id]
    found = {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def visible_ancestors(session, actor, unit: OrgUnit) -> list[OrgUnit]:
    """Breadcrumbs: the ancestors the actor may open."""
    return [u for u in ancestors(session, unit) if policies.can_manage_unit(actor, u)]


def search_units(session, root: OrgUnit, text: str, limit: int = 50) -> list[OrgUnit]:
    pattern = f"%{text.strip()}%"
    query = (select(OrgUnit).where(scope.subtree_filter(OrgUnit, root))
             .where(or_(OrgUnit.name.like(pattern), OrgUnit.code.like(pattern)))
             .order_by(OrgUnit.level, OrgUnit.code).limit(limit))
    return list(session.scalars(query))


def subtree_summary(session, unit: OrgUnit) -> dict:
    """Units per level and users per role in the subtree."""
    in_subtree = scope.subtree_filter(OrgUnit, unit)
    below = in_subtree & (OrgUnit.id != unit.id)
    per_level = dict(session.execute(select(OrgUnit.level, func.count()).where(below).group_by(OrgUnit.level)).all())
    per_role = dict(session.execute(
        select(RoleAssignment.role, func.count()).join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
        .where(in_subtree).group_by(RoleAssignment.role)).all())
    return {"units": per_level, "roles": per_role, "teacher_count": unit.teacher_count}


# A list shows each user's roles: loaded for the whole page in one more statement, not one per user.
_WITH_ROLES = selectinload(User.role_assignments)


def list_users(session, root: OrgUnit, *, text: str = "", role: str | None = None, page: int = 1,
               per_page: int = 50) -> tuple[list[User], int]:
    """Users of the subtree, newest first; with ``text``, exact matches first, then names with typos."""
    base = select(User).join(OrgUnit, User.org_unit_id == OrgUnit.id).where(scope.subtree_filter(OrgUnit, root))
    if role:
        base = base.where(User.role_assignments.any(RoleAssignment.role == role))
    if not text.strip():
        total = session.scalar(select(func.count()).select_from(base.subquery()))
        rows = session.scalars(base.options(_WITH_ROLES).order_by(User.id.desc()).offset((page - 1) * per_page)
                               .limit(per_page))
        return list(rows), total
    ids = _matching_user_ids(session, base, text.strip())
    total = len(ids)
    page_ids = ids[(page - 1) * per_page: page * per_page]
    found = {u.id: u for u in session.scalars(select(User).options(_WITH_ROLES).where(User.id.in_(page_ids)))}
    return [found[i] for i in page_ids if i in found], total


def _matching_user_ids(session, base, text: str) -> list[int]:
    pattern = f"%{text}%"
    exact = list(session.scalars(
        base.with_only_columns(User.id).where(or_(User.name.like(pattern), User.username.like(pattern),
                                                  User.phone.like(pattern))).order_by(User.name).limit(1000)))
    # Names typed with a wrong or missing character (张晓明 for 张小明) still find the person.
    candidates = session.execute(base.with_only_columns(User.id, User.name).limit(FUZZY_SCAN_LIMIT)).all()
    names = {uid: name for uid, name in candidates}
    fuzzy = process.extract(text, names, scorer=fuzz.ratio, score_cutoff=60, limit=200)
    seen = set(exact)
    return exact + [uid for _name, _score, uid in fuzzy if uid not in seen]
