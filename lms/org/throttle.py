"""Failed sign-ins, counted in the database (shared by every worker, on the product's clock).

Three counters per failure: the account as typed + the client's address (progressive delay), the
address alone and the account alone (budgets per window). The client's address is the real one when
LMS_TRUSTED_PROXIES says how many proxies stand in front (lms.web.security.install_proxy_fix).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from lms.core import clock
from lms.org import rules
from lms.org.models import SignInThrottle

# Rows untouched this long are forgotten (a pair's doubling delay starts afresh).
FORGET_AFTER = timedelta(days=1)


def policy_from(config) -> rules.SignInPolicy:
    return rules.SignInPolicy(free_failures=config["LOCKOUT_THRESHOLD"], max_delay_minutes=config["LOCKOUT_MINUTES"],
                              window_minutes=config["LOGIN_WINDOW_MINUTES"],
                              address_failures=config["LOGIN_ADDRESS_FAILURES"],
                              account_failures=config["LOGIN_ACCOUNT_FAILURES"])


def normal_name(username: str) -> str:
    return username.strip().lower()[:64]


def _keys(name: str, address: str) -> dict[str, str]:
    return {"pair": f"pair:{name}|{address}", "address": f"addr:{address}", "account": f"acct:{name}"}


def blocked_until(session, username: str, address: str) -> datetime | None:
    """The latest time any counter of this attempt holds sign-in back, or None."""
    now = clock.now()
    rows = session.scalars(select(SignInThrottle).where(
        SignInThrottle.key.in_(_keys(normal_name(username), address).values())))
    ends = [r.blocked_until for r in rows if rules.is_locked(r.blocked_until, now)]
    return max(ends) if ends else None


def _row(session, key: str, username: str | None, now: datetime) -> SignInThrottle:
    row = session.scalar(select(SignInThrottle).where(SignInThrottle.key == key))
    if row is not None:
        return row
    row = SignInThrottle(key=key, username=username, failures=0, window_started=now)
    try:
        with session.begin_nested():  # two workers may count the same first failure
            session.add(row)
    except IntegrityError:
        row = session.scalar(select(SignInThrottle).where(SignInThrottle.key == key))
    return row


def record_failure(session, username: str, address: str, policy: rules.SignInPolicy) -> datetime | None:
    """Count one failed sign-in; returns when the account-wide budget blocks the name, if it now does."""
    now = clock.now()
    name = normal_name(username)
    window = timedelta(minutes=policy.window_minutes)
    session.execute(delete(SignInThrottle).where(SignInThrottle.window_started < now - FORGET_AFTER,
                                                 (SignInThrottle.blocked_until.is_(None))
                                                 | (SignInThrottle.blocked_until < now)))
    keys = _keys(name, address)
    account_block = None
    for kind, key in keys.items():
        row = _row(session, key, None if kind == "address" else name, now)
        if kind == "pair":
            row.failures += 1
            delay = rules.pair_delay(row.failures, policy)
            row.blocked_until = now + delay if delay else None
            row.window_started = now  # "in a row": the pair is forgotten a day after its last failure
            continue
        if row.window_started + window <= now:
            row.failures, row.window_started = 0, now
        row.failures += 1
        budget = policy.address_failures if kind == "address" else policy.account_failures
        row.blocked_until = rules.window_block(row.failures, budget, row.window_started, window)
        if kind == "account":
            account_block = row.blocked_until
    return account_block


def record_success(session, username: str, address: str) -> None:
    """A right password from this address: its pair and the account's counters start afresh."""
    keys = _keys(normal_name(username), address)
    session.execute(delete(SignInThrottle).where(SignInThrottle.key.in_([keys["pair"], keys["account"]])))


def clear_account(session, username: str) -> None:
    """An admin's unlock: every counter of this name, from every address."""
    session.execute(delete(SignInThrottle).where(SignInThrottle.username == normal_name(username)))
