"""The spoken presence check: the number read out in Mandarin by espeak-ng, varied so that no recording repeats.

A check's number is spoken digit by digit (零 … 九), each digit in a voice drawn afresh (one of espeak-ng's
variants, at a random pitch and a slow random speed), then resampled at a slowly wobbling random rate, passed
through a random all-pass filter and a small random room (the ear hardly hears phase or a few millisecond
echoes; a matched filter depends on the exact waveform), with clear random gaps between digits, over a
bed of reversed speech (babble of other digits, quieter than the number) and light noise. A script that slides
known recordings over the sound — the matched filter that read the ``captcha`` library's own voices 34 times in
50 — has no recording to slide: benchmarks/presence_attacks.py measures it, docs/STUDY_TIME.md has the figures.

Pure Python and the ``espeak-ng`` program (Debian's ``espeak-ng``); without it there is no spoken check unless
the province supplies recordings (``LMS_PRESENCE_VOICES_DIR``, see ``presence``).
"""
from __future__ import annotations

import io
import math
import random
import shutil
import struct
import subprocess
import wave

RATE = 11025  # Hz of the sound served (espeak-ng speaks at 22,050; every second sample is kept after smoothing)
DIGIT_WORDS = "零一二三四五六七八九"
VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "klatt", "klatt2", "klatt3")
PITCHES = (25, 75)  # espeak-ng's pitch, 0-99
SPEEDS = (95, 130)  # words a minute: slow (espeak-ng's default is 175)
GAP_SECONDS = (0.8, 1.4)  # silence between digits
BABBLE_LEVEL = (0.18, 0.3)  # reversed speech under the number, against the digits' full level
NOISE_LEVEL = 0.02
ALLPASS_SECTIONS = 8
WARP_FACTOR = (0.9, 1.1)  # resampling: pitch and tempo by up to 10% either way
WOBBLE_DEPTH = (0.04, 0.07)  # the rate's slow wobble, ± this share
WOBBLE_HZ = (1.5, 3.0)
ECHOES = 4


class Unavailable(RuntimeError):
    """espeak-ng is missing or failed: the route says there is no spoken check rather than failing."""


def available() -> bool:
    return shutil.which("espeak-ng") is not None


def speak(word: str, variant: str, pitch: int, speed: int) -> list[float]:
    """One word from espeak-ng, as samples in -1..1 at RATE."""
    try:
        raw = subprocess.run(["espeak-ng", "-v", f"cmn+{variant}", "-p", str(pitch), "-s", str(speed), "--stdout",
                              word], capture_output=True, check=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise Unavailable(f"espeak-ng failed: {error}") from error
    data = raw[44:]  # a streamed WAV: the canonical 44-byte header, then 16-bit mono samples at 22,050 Hz
    values = struct.unpack(f"<{len(data) // 2}h", data[:len(data) // 2 * 2])
    samples = [(values[i] + values[i + 1]) / 65536.0 for i in range(0, len(values) - 1, 2)]
    return _trim(samples)


def _trim(samples: list[float], threshold: float = 0.01) -> list[float]:
    loud = [i for i, v in enumerate(samples) if abs(v) > threshold]
    return samples[loud[0]:loud[-1] + 1] if loud else samples


def allpass(samples: list[float], rng: random.Random, sections: int = ALLPASS_SECTIONS) -> list[float]:
    """A cascade of first-order all-pass filters with random coefficients: the same spectrum, a new waveform."""
    out = samples
    for _ in range(sections):
        a = rng.uniform(-0.85, 0.85)
        previous_in = previous_out = 0.0
        filtered = []
        for x in out:
            y = a * x + previous_in - a * previous_out
            filtered.append(y)
            previous_in, previous_out = x, y
        out = filtered
    return out


def warp(samples: list[float], rng: random.Random) -> list[float]:
    """Resample at a drifting rate: a random overall factor (pitch and tempo together) and a slow wobble, so no
    stretch of the word lines up with any rendering for more than a few pitch periods."""
    factor = rng.uniform(*WARP_FACTOR)
    depth, frequency, phase = rng.uniform(*WOBBLE_DEPTH), rng.uniform(*WOBBLE_HZ), rng.uniform(0, 2 * math.pi)
    out, position, n, last = [], 0.0, 0, len(samples) - 1
    while position < last:
        i = int(position)
        frac = position - i
        out.append(samples[i] * (1 - frac) + samples[i + 1] * frac)
        position += factor * (1 + depth * math.sin(2 * math.pi * frequency * n / RATE + phase))
        n += 1
    return out


def echoes(samples: list[float], rng: random.Random) -> list[float]:
    """A small random room: a few quiet reflections 3-30 ms late."""
    taps = [(int(rng.uniform(0.003, 0.03) * RATE), rng.uniform(0.2, 0.45) * rng.choice((-1, 1)))
            for _ in range(ECHOES)]
    out = samples + [0.0] * max(delay for delay, _gain in taps)
    for delay, gain in taps:
        for i, v in enumerate(samples):
            out[i + delay] += gain * v
    return out


def _normalise(samples: list[float], peak: float = 1.0) -> list[float]:
    top = max((abs(v) for v in samples), default=0.0)
    return [v * peak / top for v in samples] if top else samples


def plan(question: str, rng: random.Random) -> list[dict]:
    """The voice of each digit: variant, pitch and speed (the benchmark's oracle attacker is given these)."""
    return [{"digit": d, "variant": rng.choice(VARIANTS), "pitch": rng.randint(*PITCHES),
             "speed": rng.randint(*SPEEDS)} for d in question]


def compose(question: str, rng: random.Random, voices: list[dict] | None = None) -> list[float]:
    """The whole sound as samples: a lead-in, each digit with a gap after it, babble and noise beneath."""
    voices = voices or plan(question, rng)
    words = [_normalise(echoes(allpass(warp(speak(DIGIT_WORDS[int(v["digit"])], v["variant"], v["pitch"], v["speed"]),
                                            rng), rng), rng), 0.9) for v in voices]
    lead = int(0.6 * RATE)
    gaps = [int(rng.uniform(*GAP_SECONDS) * RATE) for _ in words]
    length = lead + sum(len(w) for w in words) + sum(gaps)
    sound = [rng.gauss(0.0, NOISE_LEVEL) for _ in range(length)]
    at = 0
    while at < length:  # babble: other digits, reversed and quieter, end to end under the whole sound
        other = speak(rng.choice(DIGIT_WORDS), rng.choice(VARIANTS), rng.randint(*PITCHES), rng.randint(*SPEEDS))
        level = rng.uniform(*BABBLE_LEVEL)
        for i, v in enumerate(_normalise(allpass(other[::-1], rng, 2))):
            if at + i >= length:
                break
            sound[at + i] += level * v
        at += len(other) + int(rng.uniform(0.0, 0.2) * RATE)
    at = lead
    for word, gap in zip(words, gaps):
        for i, v in enumerate(word):
            sound[at + i] += v
        at += len(word) + gap
    return _normalise(sound, 0.95)


def wav_bytes(samples: list[float]) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(RATE)
        sound.writeframes(struct.pack(f"<{len(samples)}h", *(int(max(-1.0, min(1.0, v)) * 32767) for v in samples)))
    return out.getvalue()


def generate(question: str, rng: random.Random | None = None) -> bytes:
    """The check's number spoken, as a WAV (16-bit mono, 11,025 Hz); drawn with the system's randomness."""
    return wav_bytes(compose(question, rng or random.SystemRandom()))


def duration(samples: list[float]) -> float:
    return len(samples) / RATE if samples else math.nan
