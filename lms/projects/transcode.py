"""A lesson video's HLS renditions for phones and weak connections: 360p, 540p and 720p, and a poster.

``queue(session, lesson)`` asks for the job when a video is added; ``transcode_lesson(lesson_id)`` is the job
(``lms worker`` runs it, see lms.core.jobs). It runs Debian's ffmpeg, keeps the lesson's state and percent
in the database while it works, and records what went wrong; the original file stays playable whatever
happens, and the lesson's duration is still the one measured from that file on upload.
"""
from __future__ import annotations

import logging
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import av
from flask import current_app

from lms.core import jobs
from lms.extensions import db
from lms.projects import media
from lms.projects.models import Lesson

JOB = "lms.projects.transcode.transcode_lesson"
SEGMENT_SECONDS = 6
FFMPEG_MISSING = "ffmpeg is not installed"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendition:
    name: str
    height: int
    video_kbps: int
    audio_kbps: int


RENDITIONS = (Rendition("360p", 360, 700, 64), Rendition("540p", 540, 1400, 96), Rendition("720p", 720, 2600, 128))


def queue(session, lesson: Lesson) -> None:
    """Mark the lesson queued; the job is sent once the upload's transaction commits."""
    lesson.transcode_state, lesson.transcode_progress, lesson.transcode_error = "queued", 0, None
    jobs.after_commit(session, JOB, lesson.id)


def has_audio(path: Path) -> bool:
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            return any(s.type == "audio" for s in container.streams)
    except Exception:  # probe failures surface in ffmpeg's own run
        return False


def hls_command(ffmpeg: str, source: Path, out: Path, *, audio: bool, preset: str) -> list[str]:
    """One ffmpeg run: the source decoded once, scaled three ways, cut into 6-second segments."""
    split = f"[0:v]split={len(RENDITIONS)}" + "".join(f"[s{i}]" for i in range(len(RENDITIONS)))
    scales = ";".join(f"[s{i}]scale=-2:{r.height}[v{i}]" for i, r in enumerate(RENDITIONS))
    command = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(source),
               "-filter_complex", f"{split};{scales}"]
    for i, r in enumerate(RENDITIONS):
        command += ["-map", f"[v{i}]", f"-c:v:{i}", "libx264", f"-b:v:{i}", f"{r.video_kbps}k",
                    f"-maxrate:v:{i}", f"{r.video_kbps * 11 // 10}k", f"-bufsize:v:{i}", f"{r.video_kbps * 2}k"]
        if audio:
            command += ["-map", "0:a:0", f"-c:a:{i}", "aac", f"-b:a:{i}", f"{r.audio_kbps}k", f"-ac:a:{i}", "2"]
    streams = " ".join(f"v:{i}" + (f",a:{i}" if audio else "") + f",name:{r.name}" for i, r in enumerate(RENDITIONS))
    command += ["-preset", preset, "-pix_fmt", "yuv420p", "-sc_threshold", "0",
                "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
                "-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments", "-hls_segment_filename", str(out / "%v" / "seg_%05d.ts"),
                "-master_pl_name", "master.m3u8", "-var_stream_map", streams,
                "-progress", "pipe:1", "-nostats", str(out / "%v" / "index.m3u8")]
    return command


def poster_command(ffmpeg: str, source: Path, out: Path, at_seconds: float) -> list[str]:
    return [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-ss", f"{at_seconds:.1f}",
            "-i", str(source), "-frames:v", "1", "-vf", "scale=-2:720", "-q:v", "4", str(out / "poster.jpg")]


class Progress:
    """Writes the percent to the lesson as ffmpeg reports its position (at most every 5 %)."""

    def __init__(self, lesson: Lesson, duration: int):
        self.lesson, self.duration, self.shown = lesson, max(duration, 1), 0

    def line(self, text: str) -> None:
        key, _, value = text.strip().partition("=")
        if key != "out_time_us" or not value.lstrip("-").isdigit():
            return
        percent = min(95, int(int(value) / 1_000_000 * 95 / self.duration))
        if percent >= self.shown + 5:
            self.shown = percent
            self.lesson.transcode_progress = percent
            db.session.commit()


def _fail(lesson: Lesson, error: str) -> None:
    lesson.transcode_state, lesson.transcode_error = "failed", error[:500]
    db.session.commit()


def transcode_lesson(lesson_id: int) -> None:
    """The job: HLS renditions and a poster for one video lesson; commits its state as it goes."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.kind != "video" or not lesson.media_key:
        return
    storage = media.configured_storage()
    source = storage.path_for(lesson.media_key)
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        _fail(lesson, FFMPEG_MISSING)
        return
    if not source.exists():
        _fail(lesson, "the original file is missing")
        return
    lesson.transcode_state, lesson.transcode_progress, lesson.transcode_error = "running", 0, None
    db.session.commit()
    key = secrets.token_hex(16) + "_hls"
    storage.root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".transcode-", dir=storage.root))
    try:
        for r in RENDITIONS:
            (work / r.name).mkdir()
        error = _run_ffmpeg(hls_command(ffmpeg, source, work, audio=has_audio(source),
                                        preset=current_app.config["TRANSCODE_PRESET"]),
                            Progress(lesson, lesson.duration_seconds))
        if error is None:
            error = _run_ffmpeg(poster_command(ffmpeg, source, work, min(5.0, lesson.duration_seconds / 3)), None)
        if error is not None:
            _fail(lesson, error)
            return
        work.rename(storage.root / key)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    old = lesson.hls_key
    lesson.hls_key, lesson.transcode_state, lesson.transcode_progress = key, "ready", 100
    db.session.commit()
    if old:
        shutil.rmtree(storage.path_for(old), ignore_errors=True)


def _run_ffmpeg(command: list[str], progress: Progress | None) -> str | None:
    """Run ffmpeg; None when it succeeded, else the end of what it said."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        for line in process.stdout:
            if progress is not None:
                progress.line(line)
        code = process.wait()
        if code == 0:
            return None
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip()
    log.warning("ffmpeg failed (%s): %s", code, said[-1000:])
    return f"ffmpeg exit {code}: {said[-400:]}"
