"""One reading of an uploaded file for every import: present, within its size, of an accepted kind."""
from __future__ import annotations

from flask_babel import gettext as _

from lms.core.errors import DomainError, InvalidInput


def read_upload(upload, max_bytes: int, suffixes: tuple[str, ...]) -> bytes:
    """The bytes of ``upload`` (a werkzeug FileStorage), or the refusal a person can act on."""
    if upload is None or not upload.filename:
        raise InvalidInput(_("Attach the file as the form field 'file'."), {"file": _("This field is required.")})
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError("too_large", _("The file is larger than %(mb)d MB.", mb=max(1, max_bytes // 2**20)),
                          status=413, fields={"file": _("Too large.")})
    if not upload.filename.lower().endswith(suffixes):
        raise DomainError("unsupported_media_type", _("Upload a file of one of these kinds: %(kinds)s.",
                                                      kinds=" ".join(suffixes)),
                          status=415, fields={"file": _("Wrong kind of file.")})
    return data
