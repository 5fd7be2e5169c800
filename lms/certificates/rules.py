"""Pure rules of certificates: what a seal image must be, and who is an outstanding learner on paper."""
from __future__ import annotations

import io
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SEAL_MAX_BYTES = 512 * 1024
SEAL_MIN_PIXELS = 200  # a seal printed 40 mm wide at 150 dpi or more
SEAL_MAX_PIXELS = 2000
SEAL_MAX_RATIO = 1.25  # a seal is round or square: width and height within a quarter of each other
ISSUING_BODY_MAX = 120


class SealRefused(ValueError):
    """Why an uploaded seal is refused: ``code`` for the API, ``message`` in words."""

    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code, self.message = code, message


def check_seal(data: bytes) -> tuple[int, int]:
    """The seal's (width, height) in pixels when ``data`` is a usable seal: a PNG of at most 512 KB, 200 to
    2,000 pixels a side, roughly square, with transparency (an alpha channel or a transparent colour) so that
    the text under it shows through. Raises SealRefused otherwise; reads the header before any pixel."""
    if not data:
        raise SealRefused("seal_empty", _l("The seal file is empty."))
    if len(data) > SEAL_MAX_BYTES:
        raise SealRefused("seal_too_large", _l("The seal image is larger than 512 KB."))
    if not data.startswith(PNG_SIGNATURE):
        raise SealRefused("seal_not_png", _l("The seal must be a PNG image."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if not (SEAL_MIN_PIXELS <= width <= SEAL_MAX_PIXELS and SEAL_MIN_PIXELS <= height <= SEAL_MAX_PIXELS):
                raise SealRefused("seal_bad_size", _l("The seal must be 200 to 2000 pixels wide and high."))
            if max(width, height) > SEAL_MAX_RATIO * min(width, height):
                raise SealRefused("seal_bad_size", _l("The seal must be about as wide as it is high."))
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image.load()  # a truncated or corrupt file fails here
    except SealRefused:
        raise
    except Exception:  # Pillow raises many kinds for a broken file
        raise SealRefused("seal_not_png", _l("The seal file is not a readable PNG image.")) from None
    if not transparent:
        raise SealRefused("seal_not_transparent",
                          _l("The seal needs a transparent background (a PNG with an alpha channel)."))
    return width, height


def outstanding(grade, listed: bool | None = None) -> bool:
    """J14 on the certificate: the score reached the outstanding mark (``excellent``) and — once the province
    confirmed the batch's commendation list (``listed`` not None) — the learner is on it; before that, a tutor
    of the class recommended the learner. Read from the stored grade whenever the certificate is shown."""
    if grade is None or not grade.excellent:
        return False
    return bool(listed) if listed is not None else bool(grade.recommended)
