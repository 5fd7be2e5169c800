"""The cascade's write side: hand seats down, take and return a seat (J4, J5, J8).

Concurrency: on PostgreSQL a hand-down locks the parent's row, then the unit's
(always parent first, so two hand-downs cannot deadlock), and an enrollment
takes a seat with one conditional UPDATE on the school's row; on SQLite the
transaction takes the write lock first (BEGIN IMMEDIATE). The CHECK constraint
``allocated + enrolled <= seats`` backs both up.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from lms.core import audit, clock, registry
from lms.core.db import hold_write_lock
from lms.core.errors import Conflict
from lms.projects import rules as calendar
from lms.quotas import policies, rules
from lms.quotas.models import Quota


def _ensure_rows(session, batch_id: int, unit_ids: list[int]) -> None:
    """Create missing rows with zero seats; two requests creating the same row both succeed."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    existing = set(session.scalars(select(Quota.org_unit_id).where(Quota.batch_id == batch_id,
                                                                   Quota.org_unit_id.in_(unit_ids))))
    for unit_id in unit_ids:
        if unit_id not in existing:
            session.execute(insert(Quota).values(batch_id=batch_id, org_unit_id=unit_id, seats=0, allocated=0,
                                                 enrolled=0).on_conflict_do_nothing())


def _locked(session, batch_id: int, unit_id: int) -> Quota:
    return session.scalar(select(Quota).where(Quota.batch_id == batch_id, Quota.org_unit_id == unit_id)
                          .with_for_update().execution_options(populate_existing=True))


def figures_of(row: Quota | None) -> rules.QuotaFigures:
    if row is None:
        return rules.QuotaFigures(0)
    return rules.QuotaFigures(row.seats, row.allocated, row.enrolled)


def refusal(code: str, unit, parent=None, figures: rules.QuotaFigures | None = None,
            parent_figures: rules.QuotaFigures | None = None, deadline=None) -> Conflict:
    """The refusal in words an admin can act on."""
    if code == rules.QUOTA_EXCEEDS_PARENT:
        message = _("%(parent)s has only %(n)d seats left to hand down; %(unit)s can get at most %(max)d.",
                    parent=parent.name, n=parent_figures.available, unit=unit.name,
                    max=parent_figures.available + figures.seats)
    elif code == rules.QUOTA_BELOW_USAGE:
        message = _("%(unit)s has already handed down or used %(n)d seats; its seats cannot go below that.",
                    unit=unit.name, n=figures.used)
    elif code == rules.BATCH_ENDED:
        message = _("This batch has ended; its seats are kept as they were and no longer change.")
    elif code == rules.QUOTA_DEADLINE_PASSED:
        message = _("Cities submit their seats before %(date)s; after that only a province admin changes them.",
                    date=deadline.isoformat() if deadline else "")
    else:
        message = _("No seat is left at %(unit)s for this batch.", unit=unit.name)
    return Conflict(code, message)


def date_refusal(actor, batch, unit) -> str | None:
    """Why the calendar refuses ``actor`` to change ``unit``'s seats today (J5; an ended batch), or None.

    The system itself (no actor: the demo, commands) is bound by neither.
    """
    if actor is None:
        return None
    today = calendar.local_date(clock.now(), clock.local_tz())
    return (rules.check_batch_not_ended(batch.ends_on, today)
            or rules.check_quota_deadline(unit.level, actor.has_role("province_admin"),
                                          batch.project.quota_deadline, today))


def may_set_seats(actor, batch, unit) -> bool:
    """For pages: whether a seats box for ``unit`` should be offered at all."""
    return policies.can_set_seats(actor, unit) and date_refusal(actor, batch, unit) is None


def set_seats(session, actor, batch, unit, seats: int) -> Quota:
    """Give ``unit`` exactly ``seats`` in ``batch``; the parent's ``allocated`` follows."""
    if actor is not None:
        policies.SET_SEATS.enforce(actor, unit)
    code = date_refusal(actor, batch, unit)
    if code:
        raise refusal(code, unit, deadline=batch.project.quota_deadline)
    parent = unit.parent
    hold_write_lock(session)
    _ensure_rows(session, batch.id, [u.id for u in (parent, unit) if u is not None])
    parent_row = _locked(session, batch.id, parent.id) if parent is not None else None  # parent first
    row = _locked(session, batch.id, unit.id)
    current, parent_figures = figures_of(row), figures_of(parent_row) if parent_row is not None else None
    capacity = None if parent_figures is None else rules.parent_capacity_for(parent_figures, current.seats)
    code = rules.check_set_seats(current, seats, capacity)
    if code:
        raise refusal(code, unit, parent, current, parent_figures)
    before = row.to_dict()
    if parent_row is not None:
        parent_row.allocated += seats - row.seats
        parent_row.updated_at = clock.now()
    row.seats, row.updated_at = seats, clock.now()
    session.flush()
    audit.record(session, actor, "quota.set_seats", "quota", row.id, org_unit_id=unit.id, before=before,
                 after=row.to_dict())
    registry.emit(session, "quota.seats_set", quota=row, unit=unit, batch=batch, before=before["seats"],
                  actor=actor)
    return row


def _locked_school_row(session, batch_id: int, school_id: int) -> Quota | None:
    """The school's quota row, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite: every
    changing request already holds the write lock), read fresh: concurrent enrollments queue here."""
    return session.scalar(_LOCKED_SCHOOL_ROW, {"batch_id": batch_id, "school_id": school_id})


# Built once: every enrollment, refused or not, reads it (composing it per call cost a tenth of a refusal).
_LOCKED_SCHOOL_ROW = (select(Quota).where(Quota.batch_id == bindparam("batch_id"),
                                          Quota.org_unit_id == bindparam("school_id"))
                      .with_for_update().execution_options(populate_existing=True))


def _store(row: Quota, figures: rules.QuotaFigures) -> None:
    row.seats, row.allocated, row.enrolled, row.updated_at = (figures.seats, figures.allocated, figures.enrolled,
                                                              clock.now())


def take_seat(session, batch_id: int, school_id: int) -> bool:
    """J8 (rules.after_enroll); False when the school has no seat left (or none at all)."""
    row = _locked_school_row(session, batch_id, school_id)
    if row is None or rules.check_can_enroll(figures_of(row)):
        return False
    _store(row, rules.after_enroll(figures_of(row)))
    session.flush()
    return True


def return_seat(session, batch_id: int, school_id: int) -> None:
    """J9 (rules.after_cancel): a cancelled enrollment gives its seat back to the school."""
    row = _locked_school_row(session, batch_id, school_id)
    if row is None:  # an enrollment without its seat would mean the figures were already wrong
        raise RuntimeError(f"school {school_id} has no quota row in batch {batch_id} to return a seat to")
    _store(row, rules.after_cancel(figures_of(row)))
    session.flush()


def rows_of(session, batch_id: int, unit_ids: list[int]) -> list[Quota]:
    if not unit_ids:
        return []
    return list(session.scalars(select(Quota).where(Quota.batch_id == batch_id, Quota.org_unit_id.in_(unit_ids))))
