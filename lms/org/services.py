"""Write operations of the org domain. They take the acting user and never commit."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from lms.core import audit, clock, scope
from lms.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from lms.org import passwords, policies, rules, throttle
from lms.org.models import ApiToken, OrgUnit, RoleAssignment, User

ROLE_ERRORS = {
    "unknown_role": lambda: _("Unknown role."),
    "admin_level_mismatch": lambda: _("An admin role must match the level of the user's org unit."),
    "teacher_not_in_school": lambda: _("A teacher must belong to a school."),
}
PASSWORD_ERRORS = {
    "too_short": lambda: _("The password must have at least %(n)d characters.", n=rules.PASSWORD_MIN_LENGTH),
    "needs_letters_and_digits": lambda: _("The password must contain both letters and digits."),
    "contains_username": lambda: _("The password must not contain the username."),
    "too_simple": lambda: _("The password repeats too few different characters."),
    "too_common": lambda: _("This password is one of the most commonly used ones; choose another."),
}


def _place_in_tree(unit: OrgUnit, parent: OrgUnit | None) -> None:
    for level in scope.LEVELS:
        setattr(unit, scope.ancestor_column(level), getattr(parent, scope.ancestor_column(level)) if parent else None)
    setattr(unit, scope.ancestor_column(unit.level), unit.id)


def create_root(session, name: str, code: str | None) -> OrgUnit:
    unit = OrgUnit(name=name, level="province", code=code, teacher_count=0, created_at=clock.now())
    session.add(unit)
    session.flush()
    _place_in_tree(unit, None)
    return unit


def _check_code_free(session, code: str | None, unit_id: int | None = None) -> None:
    if not code:
        return
    existing = session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))
    if existing is not None and existing != unit_id:
        raise Conflict("code_taken", _("Another org unit already has the code %(code)s.", code=code))


def create_unit(session, actor, parent: OrgUnit, name: str, level: str, code: str | None = None,
                teacher_count: int = 0) -> OrgUnit:
    if actor is not None:  # None is the system itself (bootstrap, demo)
        policies.CREATE_CHILD.enforce(actor, parent)
    problem = rules.child_level_error(parent.level, level)
    if problem:
        raise InvalidInput(_("The level must be the parent's next level."), {"level": _("Must be the next level below the parent.")})
    _check_code_free(session, code)
    unit = OrgUnit(name=name, level=level, parent=parent, code=code or None,
                   teacher_count=teacher_count, created_at=clock.now())
    session.add(unit)
    session.flush()
    _place_in_tree(unit, parent)
    audit.record(session, actor, "org_unit.create", "org_unit", unit.id, org_unit_id=parent.id, after=unit.to_dict())
    return unit


def update_unit(session, actor, unit: OrgUnit, *, name: str | None = None, code: str | None = None,
                teacher_count: int | None = None) -> OrgUnit:
    policies.EDIT_UNIT.enforce(actor, unit)
    renaming = (name is not None and name != unit.name) or (code is not None and (code or None) != unit.code)
    if renaming:
        policies.RENAME_UNIT.enforce(actor, unit)
    before = unit.to_dict()
    if code is not None and code != unit.code:
        _check_code_free(session, code, unit.id)
        unit.code = code or None
    if name is not None:
        unit.name = name
    if teacher_count is not None:
        unit.teacher_count = teacher_count
    audit.record(session, actor, "org_unit.update", "org_unit", unit.id, org_unit_id=unit.id,
                 before=before, after=unit.to_dict())
    return unit


@dataclass
class NewUser:
    username: str
    name: str
    org_unit: OrgUnit
    roles: list[str]
    password: str | None = None
    phone: str | None = None
    subject: str | None = None
    stage: str | None = None


def validate_new_user(session, actor, new: NewUser, *, taken_usernames=(), taken_phones=()) -> dict[str, str]:
    """Field problems of ``new`` as {field: message}; empty when it may be created."""
    fields: dict[str, str] = {}
    if rules.username_error(new.username):
        fields["username"] = _("3–64 letters, digits or . _ @ -")
    elif new.username in taken_usernames or session.scalar(select(User.id).where(User.username == new.username)):
        fields["username"] = _("This username is taken.")
    if not new.name.strip():
        fields["name"] = _("The real name is required.")
    if new.phone:
        if rules.phone_error(new.phone):
            fields["phone"] = _("Not a mainland mobile number (11 digits starting with 1).")
        elif new.phone in taken_phones or session.scalar(select(User.id).where(User.phone == new.phone)):
            fields["phone"] = _("Another account already has this phone number.")
    if new.password is not None and (problem := rules.password_error(new.password, new.username)):
        fields["password"] = PASSWORD_ERRORS[problem]()
    if not new.roles:
        fields["roles"] = _("Give the user at least one role.")
    for role in new.roles:
        if problem := rules.role_error(role, new.org_unit.level):
            fields["roles"] = ROLE_ERRORS[problem]()
            break
        if actor is not None and not policies.can_grant_role(actor, role, new.org_unit):
            fields["roles"] = _("You may not grant the role %(role)s.", role=role)
            break
    return fields


def create_user(session, actor, new: NewUser, *, password_hash: str | None = None) -> tuple[User, str | None]:
    """Create the user; returns it and the generated initial password when none was given."""
    if actor is not None:  # None is the system itself (bootstrap, demo)
        policies.MANAGE_UNIT.enforce(actor, new.org_unit)
    fields = validate_new_user(session, actor, new)
    if fields:
        raise InvalidInput(_("Please correct the marked fields."), fields)
    generated = None
    if password_hash is None:
        if new.password is None:
            generated = generate_initial_password()
        password_hash = passwords.hash_password(new.password or generated)
    user = User(username=new.username, name=new.name.strip(), phone=new.phone or None, subject=new.subject or None,
                stage=new.stage or None, org_unit=new.org_unit, password_hash=password_hash,
                # A password someone else chose or generated (an admin, an import) is changed at first sign-in;
                # actor None is the system (bootstrap, demo), which sets the flag itself.
                must_change_password=new.password is None or actor is not None, created_at=clock.now())
    user.role_assignments = [RoleAssignment(role=r, org_unit=new.org_unit) for r in dict.fromkeys(new.roles)]
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id, org_unit_id=new.org_unit.id,
                 after={"username": user.username, "roles": new.roles})
    return user, generated


def generate_initial_password() -> str:
    # Letters and digits, no look-alikes (0/O, 1/l), easy to read aloud over the phone.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _i in range(10))
        if rules.password_error(candidate) is None:
            return candidate


def authenticate(session, username: str, password: str, config,
                 address: str = "") -> tuple[User | None, DomainError | None]:
    """The user with these credentials, or a refusal that does not tell unknown from wrong.

    Failed attempts are throttled per account+address, per address and per account (lms.org.throttle):
    the same for names that exist and names that do not, and never a hard lock of the account itself.
    The refusal is returned, not raised: the failure it counted must be kept, and the request pipeline
    commits what a handler answers, never what it raises.
    """
    until = throttle.blocked_until(session, username, address)
    if until is not None:
        return None, DomainError("rate_limited", _("Too many failed sign-ins. Try again after %(time)s, or ask "
                                                   "your admin to unlock the account.",
                                                   time=until.astimezone(_tz(config)).strftime("%H:%M")), status=429)
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        passwords.burn_verification(password)
    if user is None or not passwords.verify_password(user.password_hash, password):
        account_block = throttle.record_failure(session, username, address, throttle.policy_from(config))
        if user is not None:
            user.failed_logins += 1
            user.locked_until = account_block  # shown to admins; the counters decide
        return None, DomainError("invalid_credentials", _("Wrong username or password."), status=401)
    if not user.is_active_account:
        return None, DomainError("account_disabled", _("This account has been deactivated and cannot sign in. "
                                                       "Ask your admin if this is a mistake."), status=403)
    throttle.record_success(session, username, address)
    user.failed_logins, user.locked_until = 0, None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user, None


def _tz(config) -> ZoneInfo:
    return ZoneInfo(config["LMS_TIMEZONE"])


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session, user: User, hours: int) -> tuple[str, ApiToken]:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row = ApiToken(user=user, token_hash=token_digest(token), created_at=now, expires_at=now + timedelta(hours=hours))
    session.add(row)
    # Expired tokens of this user are of no use to anyone: drop them as new ones are made.
    session.query(ApiToken).filter(ApiToken.user_id == user.id, ApiToken.expires_at <= now).delete()
    return token, row


# One query, roles joined in: every API call pays for this. Built once: composing it per call cost about a
# fifth of the lookup (docs/PERFORMANCE.md, "Enrollment race").
_USER_FOR_TOKEN = (select(User).join(ApiToken, ApiToken.user_id == User.id).options(joinedload(User.role_assignments))
                   .where(ApiToken.token_hash == bindparam("digest"), ApiToken.expires_at > bindparam("now"),
                          User.is_active_account.is_(True)))


def user_for_token(session, token: str) -> User | None:
    return session.scalar(_USER_FOR_TOKEN, {"digest": token_digest(token), "now": clock.now()})


def change_password(session, user: User, current: str, new: str) -> None:
    if not passwords.verify_password(user.password_hash, current):
        raise InvalidInput(_("Please correct the marked fields."), {"current_password": _("The current password is wrong.")})
    _set_password(session, user, new, must_change=False)
    audit.record(session, user, "user.change_password", "user", user.id, org_unit_id=user.org_unit_id)


def reset_password(session, actor, user: User, new: str | None = None) -> str | None:
    """An admin sets a new password (or a generated one, returned) that must be changed at sign-in."""
    policies.MANAGE_USER.enforce(actor, user)
    generated = generate_initial_password() if new is None else None
    _set_password(session, user, new or generated, must_change=True)
    user.failed_logins, user.locked_until = 0, None
    throttle.clear_account(session, user.username)
    audit.record(session, actor, "user.reset_password", "user", user.id, org_unit_id=user.org_unit_id)
    return generated


def unlock_user(session, actor, user: User) -> None:
    policies.MANAGE_USER.enforce(actor, user)
    before = {"failed_logins": user.failed_logins, "locked_until": user.locked_until and user.locked_until.isoformat()}
    user.failed_logins, user.locked_until = 0, None
    throttle.clear_account(session, user.username)
    audit.record(session, actor, "user.unlock", "user", user.id, org_unit_id=user.org_unit_id, before=before)


def end_sessions(user: User) -> None:
    """Sign-out: every browser session of the user stops working, copies of its cookie included."""
    user.session_version += 1


def _set_password(session, user: User, new: str, *, must_change: bool) -> None:
    if problem := rules.password_error(new, user.username):
        raise InvalidInput(_("Please correct the marked fields."), {"new_password": PASSWORD_ERRORS[problem]()})
    user.password_hash = passwords.hash_password(new)
    user.must_change_password = must_change
    user.session_version += 1
    # Tokens issued under the old password stop working too.
    session.query(ApiToken).filter(ApiToken.user_id == user.id).delete()


# --- corrections: admins edit, move, deactivate; everyone keeps its own contact details ---------------

# What an admin corrects (name, contacts, subject, stage, title grade), what a user corrects of itself (contacts,
# subject, stage): never its name, unit or roles, which are its admin's.
ADMIN_FIELDS = ("name", "phone", "email", "subject", "stage", "title_grade")
OWN_FIELDS = ("phone", "email", "subject", "stage")


def user_snapshot(user: User) -> dict:
    """The correctable state of a user, as the audit log keeps it before and after."""
    return {"name": user.name, "phone": user.phone, "email": user.email, "subject": user.subject,
            "stage": user.stage, "title_grade": user.title_grade, "org_unit_id": user.org_unit_id,
            "roles": sorted(user.roles),
            "active": user.is_active_account}


def _contact_problems(session, user: User, values: dict) -> dict[str, str]:
    fields: dict[str, str] = {}
    if "name" in values and not (values["name"] or "").strip():
        fields["name"] = _("The real name is required.")
    phone = values.get("phone")
    if phone:
        if rules.phone_error(phone):
            fields["phone"] = _("Not a mainland mobile number (11 digits starting with 1).")
        elif session.scalar(select(User.id).where(User.phone == phone, User.id != user.id)) is not None:
            fields["phone"] = _("Another account already has this phone number.")
    email = values.get("email")
    if email and rules.email_error(email):
        fields["email"] = _("Not an e-mail address.")
    if "title_grade" in values and values["title_grade"] not in rules.TITLE_GRADES:
        fields["title_grade"] = _("Choose a title grade.")
    return fields


def _apply_contacts(user: User, values: dict, allowed: tuple[str, ...]) -> None:
    for name in allowed:
        if name in values:
            value = values[name]
            value = value.strip() if isinstance(value, str) else value
            setattr(user, name, value if name in ("name", "title_grade") else (value or None))


def update_user(session, actor, user: User, values: dict, *, org_unit: OrgUnit | None = None,
                roles: list[str] | None = None) -> User:
    """An admin corrects ``user``: the fields given in ``values`` (ADMIN_FIELDS), its roles, its unit.

    Who may: THE account rule (policies.can_manage_account) asked twice, for the user as it is and as it
    will be, so an admin can neither edit someone outside its area nor move someone out of it, nor give
    roles it could not have granted. The roles move with the user (they are held on the user's unit).
    Enrollments keep the school that made them (``enrollment.school_id``): past and current batches still
    count there.
    """
    policies.MANAGE_USER.enforce(actor, user)
    target = org_unit or user.org_unit
    new_roles = list(dict.fromkeys(roles)) if roles is not None else user.roles
    fields = _contact_problems(session, user, values)
    if roles is not None and not new_roles:
        fields["roles"] = _("Give the user at least one role.")
    if not policies.can_manage_unit(actor, target):
        raise Forbidden(_("%(name)s is outside your area: you may not move people there.", name=target.name))
    role_field = "roles" if roles is not None else "org_unit_id"
    for role in new_roles:
        if problem := rules.role_error(role, target.level):
            fields[role_field] = ROLE_ERRORS[problem]()
            break
        if not policies.can_grant_role(actor, role, target):
            fields[role_field] = _("You may not grant the role %(role)s.", role=role)
            break
    if fields:
        raise InvalidInput(_("Please correct the marked fields."), fields)
    before = user_snapshot(user)
    _apply_contacts(user, values, ADMIN_FIELDS)
    if target.id != user.org_unit_id or roles is not None:
        user.org_unit = target
        kept = {a.role: a for a in user.role_assignments}
        user.role_assignments = [kept.get(role) or RoleAssignment(role=role, org_unit=target) for role in new_roles]
        for assignment in user.role_assignments:
            assignment.org_unit = target
    session.flush()
    after = user_snapshot(user)
    if after != before:
        moved = before["org_unit_id"] != after["org_unit_id"]
        audit.record(session, actor, "user.move" if moved else "user.update", "user", user.id,
                     org_unit_id=user.org_unit_id, before=before, after=after)
    return user


def deactivate_user(session, actor, user: User, reason: str | None = None) -> User:
    """No more sign-in or token; enrollments, study time, grades, certificates and the audit log stay.

    A current enrollment is left as it is (it still counts in its batch's statistics); the school's admin
    may cancel it within the batch like any other (POST /enrollments/{id}/cancel), which frees the seat.
    """
    policies.MANAGE_USER.enforce(actor, user)
    if not user.is_active_account:
        return user
    before = {"active": True}
    user.is_active_account, user.deactivated_at = False, clock.now()
    end_sessions(user)
    session.query(ApiToken).filter(ApiToken.user_id == user.id).delete()
    audit.record(session, actor, "user.deactivate", "user", user.id, org_unit_id=user.org_unit_id, before=before,
                 after={"active": False, "reason": (reason or "").strip() or None})
    return user


def reactivate_user(session, actor, user: User) -> User:
    policies.MANAGE_USER.enforce(actor, user)
    if user.is_active_account:
        return user
    before = {"active": False, "deactivated_at": user.deactivated_at.isoformat() if user.deactivated_at else None}
    user.is_active_account, user.deactivated_at = True, None
    audit.record(session, actor, "user.reactivate", "user", user.id, org_unit_id=user.org_unit_id, before=before,
                 after={"active": True})
    return user


def update_own_details(session, user: User, values: dict) -> User:
    """A signed-in user corrects its own contact details, subject and stage (OWN_FIELDS only)."""
    unknown = set(values) - set(OWN_FIELDS)
    if unknown:
        raise Forbidden(_("Your name and unit are kept by your admin."))
    fields = _contact_problems(session, user, values)
    if fields:
        raise InvalidInput(_("Please correct the marked fields."), fields)
    before = user_snapshot(user)
    _apply_contacts(user, values, OWN_FIELDS)
    after = user_snapshot(user)
    if after != before:
        audit.record(session, user, "user.update_own", "user", user.id, org_unit_id=user.org_unit_id,
                     before={k: before[k] for k in OWN_FIELDS}, after={k: after[k] for k in OWN_FIELDS})
    return user


def user_for_session(session, session_id: str) -> User | None:
    """The signed-in user of a session cookie's ``id:session_version``; a password change signs out other sessions."""
    uid, _sep, version = session_id.partition(":")
    if not uid.isdigit() or not version.isdigit():
        return None
    user = session.get(User, int(uid))
    if user is None or user.session_version != int(version) or not user.is_active_account:
        return None
    return user
