"""The rules of notice e-mail as pure functions: who gets a notice by e-mail, what a change of e-mail choices may
do, and when a failed mail is tried again (callers pass "now"; nothing here reads the clock or the database)."""
from __future__ import annotations

from datetime import datetime, timedelta

PENDING, SENT, FAILED = "pending", "sent", "failed"
MAX_ATTEMPTS = 3                    # a mail the server refused is tried at most three times in all
RETRY_WITHIN = timedelta(days=1)    # news older than a day is not mailed any more (it is in the centre)
# A mail still pending this long after its notice was made lost its job (a worker died, Redis was flushed): the
# periodic work sends it. Well past a job's usual wait, so a mail a running job is about to send is left to it.
LOST_AFTER = timedelta(minutes=10)


def wanted(kind: str, chosen: set[str] | frozenset[str], address: str | None, enabled: bool) -> bool:
    """A notice is also mailed when the site sends e-mail, the reader has an address and chose the kind.

    E-mail is the reader's choice for every kind, those that cannot be turned off included: what is mandatory
    is the notice in the centre, which is always made; an e-mail address is optional and the reader's own."""
    return enabled and bool(address) and kind in chosen


def choice_problems(changes: dict[str, bool], known_kinds, address: str | None, enabled: bool) -> dict[str, str]:
    """Kind → what is wrong with its e-mail choice ("unknown", "off": the site sends no e-mail, "no_address");
    turning a kind's e-mail off is always allowed."""
    problems = {}
    for kind, on in changes.items():
        if kind not in known_kinds:
            problems[kind] = "unknown"
        elif on and not enabled:
            problems[kind] = "off"
        elif on and not address:
            problems[kind] = "no_address"
    return problems


def retry_due(attempts: int, created_at: datetime, now: datetime) -> bool:
    """A failed mail is tried again by the periodic work while it has tries left and its news is fresh."""
    return attempts < MAX_ATTEMPTS and now - created_at <= RETRY_WITHIN
