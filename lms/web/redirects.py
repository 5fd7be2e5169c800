"""One check for every redirect whose target the client chose (``next=``, the referrer)."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# C0 controls, DEL and C1 controls: browsers drop tabs and newlines inside URLs ("/\t/evil" becomes
# "//evil") and a CR/LF in a Location header is refused by the server, so such targets are refused.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_TARGET_LENGTH = 2048


def safe_target(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None.

    Refused: schemes and hosts (``https://x``, ``//x``, ``javascript:``), backslashes (browsers read
    ``/\\x`` as ``//x``), control characters and their percent-encodings, and encoded slashes or
    backslashes that would decode into one of the above.
    """
    if not target or len(target) > MAX_TARGET_LENGTH:
        return None
    decoded = target
    for _round in range(3):  # catch double encoding: %252F → %2F → /
        for text in (target, decoded):
            if _CONTROL.search(text) or "\\" in text:
                return None
        decoded, previous = unquote(decoded), decoded
        if decoded == previous:
            break
    for text in (target, decoded):
        if not text.startswith("/") or text.startswith("//"):
            return None
        parts = urlsplit(text)
        if parts.scheme or parts.netloc:
            return None
    return target


def safe_redirect_target(target: str | None, fallback: str) -> str:
    return safe_target(target) or fallback


def referrer_target(fallback: str) -> str:
    """Back to the page the request came from when it is one of ours, else ``fallback``."""
    from flask import request

    referrer = request.referrer or ""
    if not referrer.startswith(request.host_url):
        return fallback
    return safe_redirect_target("/" + referrer[len(request.host_url):], fallback)
