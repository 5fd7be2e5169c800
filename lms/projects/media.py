"""The media storage of every uploaded file (a local folder by default, setting MEDIA_ROOT): lesson videos, tutors'
sample videos, micro-lessons, training outcomes' documents and videos, activities' attendance evidence; duration
probing with PyAV; delivery.

Uploads are streamed to disk in chunks and never held in memory; a video's duration comes from the file
itself, never from the client. The app checks who may read; the bytes are sent by a real server in
production (``deliver``: an nginx X-Accel-Redirect or a short-lived secure_link URL, setting MEDIA_DELIVERY),
and only the development server streams them itself. A file a transaction stops referring to is deleted once it
commits (``delete_after_commit``); one it stored is deleted if it rolls back (``discard_on_rollback``).
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from urllib.parse import quote

import av
from flask import Response, current_app, redirect, send_file
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session
from werkzeug.datastructures import Headers

from lms.core import clock
from lms.core.errors import DomainError, InvalidInput, NotFound

# Containers a browser's <video> plays; the probe, not the name, decides.
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".m4v": "video/mp4", ".ogv": "video/ogg"}
CHUNK = 1024 * 1024
DELIVERIES = ("app", "x-accel", "signed")
# Inside a lesson's HLS folder: the master playlist, each rendition's playlist and segments, the poster.
HLS_FILE = re.compile(r"^(?:(?:360|540|720)p/)?[a-z0-9_]{1,40}\.(?:m3u8|ts|jpg)$")
HLS_TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".jpg": "image/jpeg"}


class UnsupportedFile(ValueError):
    """The file is not of a kind the upload accepts."""


class NotAVideo(UnsupportedFile):
    """The file has no decodable video stream or no readable duration."""


@dataclass(frozen=True)
class StoredMedia:
    key: str
    size: int
    content_type: str
    duration_seconds: int | None = None  # a video's; None for other files


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path_for(self, key: str) -> Path:
        # Keys are generated here (hex + known suffix); refuse anything else so no path escapes the root.
        name = Path(key).name
        if name != key or not name or name.startswith("."):
            raise KeyError(key)
        return self.root / name

    def save_stream(self, stream, suffix: str, max_bytes: int) -> tuple[str, int]:
        """Copy ``stream`` to a new file; raises OverflowError past ``max_bytes`` (nothing is kept)."""
        self.root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16) + suffix
        path = self.root / key
        size = 0
        try:
            with open(path, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise OverflowError(size)
                    out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return key, size

    def delete(self, key: str) -> None:
        self.path_for(key).unlink(missing_ok=True)

    def copy_in(self, source: Path, suffix: str) -> tuple[str, int]:
        self.root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16) + suffix
        shutil.copyfile(source, self.root / key)
        return key, (self.root / key).stat().st_size


def hls_type(name: str) -> str:
    return HLS_TYPES[Path(name).suffix]


def sign(obj: str, expires: int, secret: str) -> str:
    """nginx secure_link_md5 "$expires$object <secret>": base64url MD5 without padding."""
    digest = hashlib.md5(f"{expires}{obj} {secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def signed_url(obj: str, rest: str, lifetime: int) -> str:
    """``/media/<sig>/<expires>/<object>[/<rest>]``: the object (a file or an HLS folder) is signed, so a
    playlist's relative links to its segments stay under the same signature."""
    config = current_app.config
    secret = config["MEDIA_SIGNING_KEY"]
    if not secret:
        raise RuntimeError("MEDIA_DELIVERY=signed needs LMS_MEDIA_SIGNING_KEY (the secret nginx shares)")
    expires = int(clock.now().timestamp()) + lifetime
    tail = f"/{rest}" if rest else ""
    return f"{config['MEDIA_SIGNED_PREFIX'].rstrip('/')}/{sign(obj, expires, secret)}/{expires}/{obj}{tail}"


def deliver(storage: LocalStorage, obj: str, rest: str, content_type: str, *, lifetime: int) -> Response:
    """Answer a checked media request the way MEDIA_DELIVERY says; ``obj`` is a stored key, ``rest`` a
    path inside it (HLS) or "". The caller has found the file present."""
    config = current_app.config
    mode = config["MEDIA_DELIVERY"]
    if mode == "x-accel":
        tail = f"/{rest}" if rest else ""
        response = Response(status=200, content_type=content_type)
        response.headers["X-Accel-Redirect"] = f"{config['MEDIA_ACCEL_PREFIX'].rstrip('/')}/{obj}{tail}"
        response.headers["Cache-Control"] = "private, max-age=3600"
        return response
    if mode == "signed":
        response = redirect(signed_url(obj, rest, lifetime), code=302)
        response.headers["Cache-Control"] = "private, no-store"
        return response
    if mode != "app":
        raise RuntimeError(f"MEDIA_DELIVERY must be one of {DELIVERIES}, not {mode!r}")
    return _send(storage.path_for(obj) / rest if rest else storage.path_for(obj), content_type)


def _send(path: Path, content_type: str) -> Response:
    # conditional=True answers Range with 206 and streams from disk; nothing is read into memory.
    response = send_file(path, mimetype=content_type, conditional=True, max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def configured_storage() -> LocalStorage:
    """The app's media storage (setting LMS_MEDIA_ROOT)."""
    return LocalStorage(current_app.config["MEDIA_ROOT"])


def probe_duration(path: Path) -> int:
    """Whole seconds of video in the file; raises NotAVideo for anything else."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            streams = [s for s in container.streams if s.type == "video"]
            if not streams:
                raise NotAVideo("no video stream")
            stream = streams[0]
            if stream.duration is not None and stream.time_base is not None:
                seconds = float(stream.duration * stream.time_base)
            elif container.duration is not None:
                seconds = container.duration / av.time_base
            else:
                raise NotAVideo("no duration")
    except NotAVideo:
        raise
    except Exception as error:  # PyAV raises many error types for a file that is not media
        raise NotAVideo(str(error)[:200]) from None
    if seconds <= 0:
        raise NotAVideo("empty video")
    return int(seconds)


def store_video(storage: LocalStorage, stream, filename: str, max_bytes: int) -> StoredMedia:
    """Save an uploaded video and read its duration; nothing stays on disk when it is refused."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in VIDEO_TYPES:
        raise NotAVideo(f"unsupported extension {suffix or '(none)'}")
    key, size = storage.save_stream(stream, suffix, max_bytes)
    try:
        duration = probe_duration(storage.path_for(key))
    except NotAVideo:
        storage.delete(key)
        raise
    return StoredMedia(key=key, size=size, content_type=VIDEO_TYPES[suffix], duration_seconds=duration)


def store_file(storage: LocalStorage, stream, filename: str, max_bytes: int, types: dict[str, str]) -> StoredMedia:
    """Save an uploaded file whose suffix is one of ``types`` (suffix: content type); nothing stays on disk when
    it is refused. The suffix is kept on the key, so a server sending the file by its name picks the same type."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in types:
        raise UnsupportedFile(f"unsupported extension {suffix or '(none)'}")
    key, size = storage.save_stream(stream, suffix, max_bytes)
    return StoredMedia(key=key, size=size, content_type=types[suffix])


@dataclass(frozen=True)
class Upload:
    """An uploaded file on its way to the media storage (a video, a document, a scan): streamed, never held in
    memory."""
    stream: object
    filename: str
    storage: LocalStorage
    max_bytes: int

    @classmethod
    def of(cls, upload, max_bytes: int) -> "Upload | None":
        """The form's file (a werkzeug FileStorage) bound for the app's storage; None when none was attached."""
        if upload is None or not upload.filename:
            return None
        return cls(upload.stream, upload.filename, configured_storage(), max_bytes)

    @classmethod
    def required(cls, upload, max_bytes: int) -> "Upload":
        """As ``of``, refusing a missing file (field ``file``)."""
        found = cls.of(upload, max_bytes)
        if found is None:
            raise InvalidInput(_("Attach the file as the form field 'file'."), {"file": _("This field is required.")})
        return found

    @property
    def name(self) -> str:
        """The name it is downloaded under (as long as the columns keep)."""
        return self.filename[-200:]


def _megabytes(max_bytes: int) -> int:
    return max(1, max_bytes // (1024 * 1024))


def store_upload(upload: Upload, field: str, types: dict[str, str] | None = None) -> StoredMedia:
    """Store ``upload`` or refuse it the way a person can act on (413 too large, 415 wrong kind), marking the
    form's ``field``: a playable video (probed) without ``types``, else a file with one of their suffixes."""
    try:
        if types is None:
            return store_video(upload.storage, upload.stream, upload.filename, upload.max_bytes)
        stored = store_file(upload.storage, upload.stream, upload.filename, upload.max_bytes, types)
    except OverflowError:
        message = (_("The video is larger than %(mb)d MB.", mb=_megabytes(upload.max_bytes)) if types is None
                   else _("The file is larger than %(mb)d MB.", mb=_megabytes(upload.max_bytes)))
        raise DomainError("too_large", message, status=413, fields={field: _("Too large.")}) from None
    except NotAVideo:
        raise DomainError("unsupported_media_type", _("This file is not a video a browser can play "
                                                      "(MP4 or WebM with a readable length)."), status=415,
                          fields={field: _("Wrong kind of file.")}) from None
    except UnsupportedFile:
        raise DomainError("unsupported_media_type", _("Upload a file of one of these kinds: %(kinds)s.",
                                                      kinds=" ".join(types)),
                          status=415, fields={field: _("Wrong kind of file.")}) from None
    if stored.size == 0:
        upload.storage.delete(stored.key)
        raise InvalidInput(_("The file is empty."), {field: _("The file is empty.")})
    return stored


# Files to delete once the session's transaction commits (no longer referred to) or rolls back (stored by it).
_ON_COMMIT, _ON_ROLLBACK = "lms_media_delete_on_commit", "lms_media_delete_on_rollback"


def _files(session, name: str) -> list:
    if isinstance(session, scoped_session):
        session = session()
    if not session.in_transaction():
        session.begin()
    return session.info.setdefault(name, [])


def delete_after_commit(session, storage: LocalStorage, key: str | None) -> None:
    """The transaction no longer refers to ``key``: delete the file once it commits (kept if it rolls back, the
    row still naming it)."""
    if key:
        _files(session, _ON_COMMIT).append((storage, key))


def discard_on_rollback(session, storage: LocalStorage, key: str) -> None:
    """``key`` was stored for the transaction: delete the file if it rolls back (nothing would refer to it)."""
    _files(session, _ON_ROLLBACK).append((storage, key))


@event.listens_for(Session, "after_commit")
def _delete_unreferred(session) -> None:
    session.info.pop(_ON_ROLLBACK, None)
    for storage, key in session.info.pop(_ON_COMMIT, None) or ():
        storage.delete(key)


@event.listens_for(Session, "after_soft_rollback")
def _delete_stored(session, previous_transaction) -> None:
    if previous_transaction.nested:  # a savepoint's rollback leaves the outer transaction's files
        return
    session.info.pop(_ON_COMMIT, None)
    for storage, key in session.info.pop(_ON_ROLLBACK, None) or ():
        storage.delete(key)


def deliver_video(storage: LocalStorage, key: str, content_type: str | None, seconds: int | None, *,
                  lifetime: int, missing: str) -> Response:
    """A stored video with HTTP range requests, sent as MEDIA_DELIVERY says; a signed URL lives ``lifetime``
    plus the video's length. ``missing`` is the 404 message when the file is gone."""
    if not storage.path_for(key).exists():
        raise NotFound(missing)
    return deliver(storage, key, "", content_type or "video/mp4", lifetime=lifetime + (seconds or 0))


def content_disposition(name: str, *, inline: bool = False) -> str:
    """A Content-Disposition header saving the file under ``name`` (RFC 6266 ``filename*`` for a non-ASCII one),
    as werkzeug's send_file writes it."""
    try:
        name.encode("ascii")
        names = {"filename": name}
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii") or "file"
        names = {"filename": simple, "filename*": "UTF-8''" + quote(name, safe="!#$&+-.^_`|~")}
    headers = Headers()
    headers.set("Content-Disposition", "inline" if inline else "attachment", **names)
    return headers["Content-Disposition"]


def deliver_file(storage: LocalStorage, key: str, content_type: str, download_name: str, *, lifetime: int,
                 missing: str) -> Response:
    """A stored file (a document, a scan, a video) as an attachment named ``download_name``, with HTTP range
    requests, sent as MEDIA_DELIVERY says. A signed URL cannot carry the name, so under ``signed`` only a video
    is redirected (its name matters less than its bytes not passing through a worker); other files, at most
    MAX_DOCUMENT_BYTES, are streamed by the app. ``missing`` is the 404 message when the file is gone."""
    if not storage.path_for(key).exists():
        raise NotFound(missing)
    if current_app.config["MEDIA_DELIVERY"] == "signed" and not content_type.startswith("video/"):
        response = _send(storage.path_for(key), content_type)
    else:
        response = deliver(storage, key, "", content_type, lifetime=lifetime)
    if response.status_code != 302:
        response.headers["Content-Disposition"] = content_disposition(download_name)
    return response


def make_test_video(path: Path, seconds: int, *, width: int = 320, height: int = 180, fps: int = 5,
                    hue: int = 0) -> Path:
    """A real, playable WebM (VP8) of ``seconds``: moving colour bars with a frame counter bar.

    Used by the demo and the tests, so "a real playable video" needs no downloads.
    """
    row = bytes(v for x in range(width) for v in ((x * 3 + hue) % 256, (x + 2 * hue) % 256, (255 - x + hue) % 256))
    with av.open(str(path), mode="w", format="webm") as container:
        # Colour bars need no care: the fastest settings encode them at a third of the default cost.
        stream = container.add_stream("libvpx", rate=fps, options={"deadline": "realtime", "cpu-used": "16"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.codec_context.time_base = Fraction(1, fps)
        stream.bit_rate = 150_000
        total = seconds * fps
        for i in range(total):
            shift = (i * 6) % len(row)
            moving = row[shift:] + row[:shift]
            filled = 3 * int(width * i / max(total - 1, 1))
            progress = b"\xff" * filled + moving[filled:]
            frame = av.VideoFrame(width, height, "rgb24")
            plane = frame.planes[0]
            stride = plane.line_size
            pad = b"\x00" * (stride - len(row))
            plane.update((moving + pad) * (height - 12) + (progress + pad) * 12)
            video_frame = frame
            video_frame.pts = i
            for packet in stream.encode(video_frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def make_lecture_video(path: Path, seconds: int) -> Path | None:
    """A lecture-length MP4 (H.264 + AAC, 240p, test pattern and a tone) made fast with ffmpeg, for the demo.

    Kept at ``path`` and reused when it is already there; None when ffmpeg is not installed.
    """
    if path.exists() and path.stat().st_size > 0:
        return path
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}.mp4")
    subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=426x240:rate=10",
                    "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=22050", "-t", str(seconds),
                    "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "32",
                    "-g", "100", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k", "-ac", "1",
                    "-movflags", "+faststart", str(draft)], check=True, timeout=600)
    draft.replace(path)
    return path
