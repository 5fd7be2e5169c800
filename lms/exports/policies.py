"""Who sees an export job and downloads its file: the user who asked, nobody else (not even an admin above)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.web.pipeline import policy


def is_owner(actor, job) -> bool:
    return job.user_id == actor.id


OWN = policy(is_owner, "job", message=_l("Only the user who asked for this export sees it."))
