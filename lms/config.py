"""Settings from the environment (LMS_*), resolved once per app."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULT_TIMEZONE = "Asia/Shanghai"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def normalise_database_url(url: str) -> str:
    """Route plain PostgreSQL URLs to psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_path() -> Path:
    return Path(os.environ.get("LMS_INSTANCE_PATH", "instance")).resolve()


def _secret_key(folder: Path) -> str:
    """LMS_SECRET_KEY, else one generated once and kept in the instance folder.

    Keeping it on disk means sessions survive restarts and every worker of one
    host signs cookies with the same key.
    """
    if os.environ.get("LMS_SECRET_KEY"):
        return os.environ["LMS_SECRET_KEY"]
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    # Written whole under a private name, then linked into place: when several workers start at once,
    # the first link wins and every other worker reads that complete key.
    key = secrets.token_hex(32)
    draft = folder / f"secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    try:
        os.link(draft, key_file)
    except FileExistsError:
        key = key_file.read_text().strip()
    finally:
        draft.unlink()
    return key


def _media_delivery() -> str:
    """LMS_MEDIA_DELIVERY, checked at start-up so a wrong value never surfaces as a failed video request."""
    mode = os.environ.get("LMS_MEDIA_DELIVERY", "app").strip().lower()
    if mode not in ("app", "x-accel", "signed"):
        raise ValueError(f"LMS_MEDIA_DELIVERY must be app, x-accel or signed, not {mode!r}")
    if mode == "signed" and not os.environ.get("LMS_MEDIA_SIGNING_KEY"):
        raise ValueError("LMS_MEDIA_DELIVERY=signed needs LMS_MEDIA_SIGNING_KEY (the secret nginx shares)")
    return mode


def _smtp() -> dict:
    """Notice e-mail (lms/notices/mail.py, docs/DEPLOYMENT.md): off without LMS_SMTP_HOST (the demo)."""
    ssl, starttls = _flag("LMS_SMTP_SSL", False), _flag("LMS_SMTP_STARTTLS", False)
    if ssl and starttls:
        raise ValueError("LMS_SMTP_SSL and LMS_SMTP_STARTTLS exclude each other: SSL from the start, or STARTTLS")
    return {"SMTP_HOST": os.environ.get("LMS_SMTP_HOST", "").strip(),
            "SMTP_PORT": _int("LMS_SMTP_PORT", 465 if ssl else 587 if starttls else 25),
            "SMTP_USER": os.environ.get("LMS_SMTP_USER", ""),
            "SMTP_PASSWORD": os.environ.get("LMS_SMTP_PASSWORD", ""),
            "SMTP_SSL": ssl, "SMTP_STARTTLS": starttls,
            "MAIL_FROM": os.environ.get("LMS_MAIL_FROM", "noreply@localhost"),
            # Mails' links are absolute: the site's address as its users reach it.
            "SITE_URL": os.environ.get("LMS_SITE_URL", "http://localhost:5000/")}


def _figure_cache() -> dict:
    """Flask-Caching's settings (lms.core.cache): Redis at ``LMS_CACHE_URL``, shared by every worker and host,
    or without it each worker's own memory; an area's statistics are kept ``LMS_STATISTICS_SECONDS``."""
    url = os.environ.get("LMS_CACHE_URL", "").strip()
    seconds = _int("LMS_STATISTICS_SECONDS", 30)
    # A Redis that does not answer costs a figure's computation after half a second, never a hung request.
    store = ({"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url,
              "CACHE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
             if url else {"CACHE_TYPE": "SimpleCache"})
    return {**store, "CACHE_DEFAULT_TIMEOUT": max(seconds, 1), "STATISTICS_SECONDS": seconds}


def from_environment() -> dict:
    folder = instance_path()
    folder.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("LMS_DATABASE_URL") or f"sqlite:///{folder / 'lms.sqlite3'}"
    secure_cookies = _flag("LMS_SECURE_COOKIES", False)
    return {
        "INSTANCE_PATH": str(folder),
        "SECRET_KEY": _secret_key(folder),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # A streaming replica of that database (docs/DEPLOYMENT.md, "Beyond one server"): the GET routes marked
        # ``replica=True`` read from it; unset, everything goes to the primary.
        "DATABASE_REPLICA_URL": normalise_database_url(os.environ.get("LMS_DATABASE_REPLICA_URL", "").strip()),
        # After a browser's change, its reads stay on the primary this long (its own writes, despite replica lag).
        "REPLICA_PIN_SECONDS": _int("LMS_REPLICA_PIN_SECONDS", 30),
        # Stale pooled connections are pinged by lms.core.db (only those idle a while or with news on the socket).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
        "LMS_TIMEZONE": os.environ.get("LMS_TIMEZONE", DEFAULT_TIMEZONE),
        # A GET that writes fails at the statement (lms.web.locking); on in the tests.
        "LMS_READS_NEVER_WRITE": _flag("LMS_READS_NEVER_WRITE", False),
        "MEDIA_ROOT": os.environ.get("LMS_MEDIA_ROOT", str(folder / "media")),
        # Memory limits are per process: production with several workers sets a Redis URL.
        "RATELIMIT_STORAGE_URI": os.environ.get("LMS_RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed sign-ins (docs/SECURITY.md): per account+address, free failures then doubling waits up to
        # LOCKOUT_MINUTES; per address and per account, budgets of failures per window. Only failures count,
        # so a school's teachers behind one NAT address are never held back by their own successful sign-ins.
        "LOCKOUT_THRESHOLD": _int("LMS_LOCKOUT_THRESHOLD", 5),
        "LOCKOUT_MINUTES": _int("LMS_LOCKOUT_MINUTES", 30),
        "LOGIN_WINDOW_MINUTES": _int("LMS_LOGIN_WINDOW_MINUTES", 15),
        "LOGIN_ADDRESS_FAILURES": _int("LMS_LOGIN_ADDRESS_FAILURES", 300),
        "LOGIN_ACCOUNT_FAILURES": _int("LMS_LOGIN_ACCOUNT_FAILURES", 100),
        # How many reverse proxies in front set X-Forwarded-For/-Proto (0: none, the headers are ignored).
        "TRUSTED_PROXIES": _int("LMS_TRUSTED_PROXIES", 0),
        "HSTS_SECONDS": _int("LMS_HSTS_SECONDS", 31536000),
        "TOKEN_HOURS": int(os.environ.get("LMS_TOKEN_HOURS", "12")),
        # Presence checks' spoken alternative: a folder of the province's own digit recordings (0/ … 9/, many
        # .wav files each). Unset: no spoken checks — the captcha library's own ten recordings are read by a
        # matched filter every time (docs/STUDY_TIME.md, benchmarks/presence_attacks.py).
        "PRESENCE_VOICES_DIR": os.environ.get("LMS_PRESENCE_VOICES_DIR") or None,
        # Without them, the number is spoken by espeak-ng (Debian's espeak-ng) in varied voices, warped, filtered and
        # over babble (lms/tracking/spoken.py), where the program is installed; 0 turns that off.
        "PRESENCE_SPOKEN": os.environ.get("LMS_PRESENCE_SPOKEN", "1") != "0",
        # OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
        "ARGON2_MEMORY_KIB": int(os.environ.get("LMS_ARGON2_MEMORY_KIB", "19456")),
        "ARGON2_TIME_COST": int(os.environ.get("LMS_ARGON2_TIME_COST", "2")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PREFERRED_URL_SCHEME": "https" if secure_cookies else "http",
        # Request bodies (lms.web.security.limit_request_body): JSON and forms take MAX_BODY_BYTES; routes
        # marked with body_limit take their upload limit; MAX_CONTENT_LENGTH is the ceiling for all.
        "MAX_BODY_BYTES": _int("LMS_MAX_BODY_KB", 2048) * 1024,
        "MAX_IMPORT_BYTES": _int("LMS_MAX_IMPORT_MB", 5) * 1024 * 1024,
        # What an imported .xlsx may unpack to (checked in the zip before parsing: archive bombs).
        "MAX_IMPORT_UNCOMPRESSED_BYTES": _int("LMS_MAX_IMPORT_UNCOMPRESSED_MB", 16) * 1024 * 1024,
        "MAX_DOCUMENT_BYTES": _int("LMS_MAX_DOCUMENT_MB", 10) * 1024 * 1024,
        "MAX_VIDEO_BYTES": _int("LMS_MAX_VIDEO_MB", 1024) * 1024 * 1024,
        # A training outcome's lesson video (课例, .mp4; its documents take MAX_DOCUMENT_BYTES), in the media storage.
        "MAX_OUTCOME_VIDEO_BYTES": _int("LMS_MAX_OUTCOME_VIDEO_MB", 100) * 1024 * 1024,
        # A square question's short video (001 L40 小视频), and the whole question with it and its photo (5 MB).
        "MAX_QUESTION_VIDEO_BYTES": _int("LMS_MAX_QUESTION_VIDEO_MB", 30) * 1024 * 1024,
        "MAX_QUESTION_UPLOAD_BYTES": (_int("LMS_MAX_QUESTION_VIDEO_MB", 30) + 6) * 1024 * 1024,
        "MAX_CONTENT_LENGTH": _int("LMS_MAX_VIDEO_MB", 1024) * 1024 * 1024 + 1024 * 1024,
        # Who sends a lesson's video bytes after the app has checked the viewer (docs/DEPLOYMENT.md):
        # "app" streams them itself (development, `lms serve`); "x-accel" answers with an X-Accel-Redirect to
        # nginx's internal location; "signed" redirects to a short-lived nginx secure_link URL.
        "MEDIA_DELIVERY": _media_delivery(),
        "MEDIA_ACCEL_PREFIX": os.environ.get("LMS_MEDIA_ACCEL_PREFIX", "/_media/"),
        "MEDIA_SIGNED_PREFIX": os.environ.get("LMS_MEDIA_SIGNED_PREFIX", "/media/"),
        # The secret shared with nginx's secure_link_md5 (deploy/nginx/lms.conf); required for "signed".
        "MEDIA_SIGNING_KEY": os.environ.get("LMS_MEDIA_SIGNING_KEY", ""),
        # A signed URL lives this long beyond the lesson's own length (one viewing with pauses).
        "MEDIA_URL_SECONDS": _int("LMS_MEDIA_URL_SECONDS", 600),
        # Background jobs (transcoding): "auto" uses Redis at JOBS_REDIS_URL when it answers, else a thread of
        # the web process; "rq" always Redis; "inline" runs a job right after the commit that asked for it;
        # "manual" only records it (tests run it by hand).
        "JOBS": os.environ.get("LMS_JOBS", "auto").strip().lower(),
        "JOBS_REDIS_URL": os.environ.get("LMS_REDIS_URL", "redis://127.0.0.1:6379/0"),
        # The periodic work (grades final when grading closes, expired exports removed) runs this often:
        # by the worker's scheduler with Redis, else on the first request after it is due (lms.core.jobs).
        "JOBS_TICK_SECONDS": _int("LMS_JOBS_TICK_SECONDS", 600),
        # Export jobs' files (certificate zips, large sheets) and how long they are kept after they are made.
        "EXPORTS_ROOT": os.environ.get("LMS_EXPORTS_ROOT", str(folder / "exports")),
        "EXPORTS_KEEP_HOURS": _int("LMS_EXPORTS_KEEP_HOURS", 24),
        # ffmpeg's x264 preset for the HLS renditions: slower presets make smaller files.
        "TRANSCODE_PRESET": os.environ.get("LMS_TRANSCODE_PRESET", "veryfast"),
        # Whose continuing-education credit rules apply (lms.credits.rules.REGIONS); empty: Chaoyang's.
        "CREDIT_REGION": os.environ.get("LMS_CREDIT_REGION", ""),
        # Live sessions' conferencing engine (lms.live.engines, docs/LIVE.md): bbb, jitsi or none.
        "LIVE_ENGINE": os.environ.get("LMS_LIVE_ENGINE", "none").strip().lower(),
        "BBB_URL": os.environ.get("LMS_BBB_URL", ""),
        "BBB_SECRET": os.environ.get("LMS_BBB_SECRET", ""),
        "BBB_CHECKSUM": os.environ.get("LMS_BBB_CHECKSUM", "sha1").strip().lower(),
        "JITSI_URL": os.environ.get("LMS_JITSI_URL", ""),
        "JITSI_APP_ID": os.environ.get("LMS_JITSI_APP_ID", ""),
        "JITSI_SECRET": os.environ.get("LMS_JITSI_SECRET", ""),
        **_smtp(),
        **_figure_cache(),
        "WTF_CSRF_TIME_LIMIT": None,
        # CSRF is checked by lms.web.security so bearer-token API calls can skip it.
        "WTF_CSRF_CHECK_DEFAULT": False,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("LMS_TIMEZONE", DEFAULT_TIMEZONE),
        "LANGUAGES": ("zh_CN", "en"),
    }
