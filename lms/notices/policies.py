"""Who reads and marks a notice: the user it was sent to, nobody else (not even an admin above)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.web.pipeline import policy


def is_reader(actor, notice) -> bool:
    return notice.user_id == actor.id


OWN = policy(is_reader, "notice", message=_l("Only the user a notice was sent to reads it."))
