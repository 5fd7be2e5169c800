"""Attacks on the presence checks (防挂机), before and after issue 13 (docs/STUDY_TIME.md, "Presence checks").

    python benchmarks/presence_attacks.py                  # 400 training and 300 test pictures per renderer
    python benchmarks/presence_attacks.py --train 200 --test 100 --audio 50

Needs numpy (``pip install numpy``) and, for the spoken check, ``espeak-ng``; runs offline, no server. Measures:

- **template matching** (the issue's 60-line attack, made stronger): the attacker knows the renderer (the library
  and its fonts are public) and draws as many labelled pictures as it likes. It separates ink from background
  (distance from the border colour, isolated pixels dropped), cuts the picture into as many pieces as there are
  digits (column projection, merging and splitting to the expected count) and names each piece after its nearest
  labelled template (normalised correlation on 16×24 thumbnails, 1-nearest-neighbour over every training piece).
  Run against the old 5×7-font renderer (reproduced below as it was) and the new ``captcha`` pictures, and against
  the new ones with a vote over 8 drawings of one number (one per worker: each process keeps its drawing).
- **audio**: the spoken alternative. The attacker knows the library's ten recordings and slides each, at the
  library's speeds, over the whole sound (a matched filter); the best non-overlapping matches are the number.
- **the spoken check as served** (``lms.tracking.spoken``, needs ``espeak-ng``): the same matched filter, handed
  each digit's voice (an oracle: everything but the random warp, filters, room, babble and gaps), or sliding a
  grid of voices; a control without the distortions; and a band-energy template matcher (blind to phase and
  echoes) with the oracle's voices.
- **blind guessing**: the answer rules of ``lms.tracking.presence`` driven on a simulated clock by a script that
  answers every check at once with random numbers, for 1,000 hours: checks passed, and checks passed per 100 checks.

Prints one JSON object last.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
import wave
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms.tracking import presence, spoken  # noqa: E402

# --- the renderer before issue 13 (lms/tracking/presence.py at 373ea45), as pixels --------------------------

OLD_FONT = {
    "0": ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    "3": ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    "5": ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    "6": ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    "8": ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    "9": ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
}


def old_picture(question: str, rng: random.Random) -> np.ndarray:
    scale, width, height = 6, 40 + 36 * len(question), 64
    pixels = np.array([[(rng.randint(215, 255),) * 3 for _x in range(width)] for _y in range(height)], dtype=np.uint8)
    for index, digit in enumerate(question):
        left, top = 20 + index * 36 + rng.randint(-3, 3), 10 + rng.randint(-4, 4)
        ink = (rng.randint(0, 90), rng.randint(0, 90), rng.randint(60, 140))
        for row, bits in enumerate(OLD_FONT[digit]):
            for col, bit in enumerate(bits):
                if bit == "1":
                    y0, x0 = top + row * scale, left + col * scale
                    pixels[max(0, y0):max(0, y0 + scale), max(0, x0):max(0, x0 + scale - 1)] = ink
    for _i in range(width * height // 12):
        pixels[rng.randrange(height), rng.randrange(width)] = (rng.randint(60, 200),) * 3
    return pixels


def new_picture(question: str, _rng: random.Random) -> np.ndarray:
    png = presence._image_maker().generate(question, format="png").getvalue()
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


# --- the template-matching attacker ------------------------------------------------------------------------

def ink_mask(pixels: np.ndarray) -> np.ndarray:
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]]).astype(float)
    background = np.median(border, axis=0)
    distance = np.sqrt(((pixels.astype(float) - background) ** 2).sum(axis=2))
    ink = distance > 60
    padded = np.pad(ink, 1)
    neighbours = sum(np.roll(np.roll(padded, dy, 0), dx, 1) for dy in (-1, 0, 1) for dx in (-1, 0, 1))[1:-1, 1:-1]
    return ink & (neighbours >= 4)  # drop speckles and thin noise lines


def segments(mask: np.ndarray, count: int) -> list[tuple[int, int]]:
    columns = mask.sum(axis=0) >= 2
    runs, start = [], None
    for x, on in enumerate(list(columns) + [False]):
        if on and start is None:
            start = x
        elif not on and start is not None:
            runs.append([start, x])
            start = None
    runs = [r for r in runs if r[1] - r[0] >= 3]
    while len(runs) > count:  # merge the pair with the narrowest gap
        gaps = [runs[i + 1][0] - runs[i][1] for i in range(len(runs) - 1)]
        i = int(np.argmin(gaps))
        runs[i:i + 2] = [[runs[i][0], runs[i + 1][1]]]
    while runs and len(runs) < count:  # split the widest piece in two
        i = max(range(len(runs)), key=lambda k: runs[k][1] - runs[k][0])
        a, b = runs[i]
        middle = (a + b) // 2
        runs[i:i + 1] = [[a, middle], [middle, b]]
    return [tuple(r) for r in runs]


def features(mask: np.ndarray, piece: tuple[int, int]) -> np.ndarray:
    part = mask[:, piece[0]:piece[1]]
    rows = np.where(part.any(axis=1))[0]
    if len(rows) == 0:
        return np.zeros(16 * 24)
    part = part[rows[0]:rows[-1] + 1]
    thumb = np.asarray(Image.fromarray((part * 255).astype(np.uint8)).resize((16, 24)), dtype=float).ravel()
    thumb -= thumb.mean()
    norm = np.linalg.norm(thumb)
    return thumb / norm if norm else thumb


class TemplateReader:
    def __init__(self, draw, digits: int, train: int, rng: random.Random):
        self.draw, self.digits = draw, digits
        vectors, labels = [], []
        for _ in range(train):
            question = "".join(rng.choice("0123456789") for _i in range(digits))
            mask = ink_mask(draw(question, rng))
            for piece, label in zip(segments(mask, digits), question):
                vectors.append(features(mask, piece))
                labels.append(label)
        self.templates, self.labels = np.array(vectors), labels

    def read(self, pixels: np.ndarray) -> str:
        mask = ink_mask(pixels)
        return "".join(self.labels[int(np.argmax(self.templates @ features(mask, piece)))]
                       for piece in segments(mask, self.digits))


def ocr_attack(draw, digits: int, train: int, test: int, seed: int, votes: int = 1) -> dict:
    rng = random.Random(seed)
    started = time.perf_counter()
    reader = TemplateReader(draw, digits, train, rng)
    right = digits_right = 0
    for _ in range(test):
        question = "".join(rng.choice("0123456789") for _i in range(digits))
        readings = [reader.read(draw(question, rng)) for _v in range(votes)]
        if votes == 1:
            guess = readings[0]
        else:  # a vote per position over several drawings of the same number
            guess = "".join(max("0123456789", key=lambda d, k=k: sum(r[k:k + 1] == d for r in readings))
                            for k in range(digits))
        right += guess == question
        digits_right += sum(a == b for a, b in zip(guess, question))
    return {"pictures_read": right, "pictures": test, "read_rate": right / test,
            "digit_rate": digits_right / (test * digits), "votes": votes,
            "seconds": round(time.perf_counter() - started, 1)}


# --- the audio attacker ----------------------------------------------------------------------------------------

def _samples(body: bytes | bytearray) -> np.ndarray:
    return np.frombuffer(bytes(body), dtype=np.uint8).astype(float) - 128


def _matched(signal: np.ndarray, template: np.ndarray) -> np.ndarray:
    """Normalised cross-correlation of ``template`` at every offset of ``signal`` (by FFT)."""
    size = 1 << int(np.ceil(np.log2(len(signal) + len(template))))
    spectrum = np.fft.rfft(signal, size) * np.conj(np.fft.rfft(template, size))
    raw = np.fft.irfft(spectrum, size)[:len(signal) - len(template) + 1]
    energy = np.concatenate([[0.0], np.cumsum(signal ** 2)])
    local = np.sqrt(np.maximum(energy[len(template):] - energy[:-len(template)], 1e-9))
    return raw / (np.linalg.norm(template) * local)


def read_by_templates(signal: np.ndarray, templates: list[tuple[str, np.ndarray]], digits: int) -> str:
    """Every template slid over the whole sound; the best non-overlapping matches, in time order."""
    best = np.full(len(signal), -1.0)
    label = np.full(len(signal), -1)
    width = np.zeros(len(signal), dtype=int)
    for digit, template in templates:
        if len(template) >= len(signal):
            continue
        score = _matched(signal, template)
        better = score > best[:len(score)]
        best[:len(score)][better], label[:len(score)][better] = score[better], int(digit)
        width[:len(score)][better] = len(template)
    found = []
    taken = np.zeros(len(signal), dtype=bool)
    for at in np.argsort(-best):
        if len(found) == digits:
            break
        if label[at] < 0 or taken[at]:
            continue
        found.append((at, str(label[at])))
        taken[max(0, at - width[at]):at + width[at]] = True
    return "".join(d for _at, d in sorted(found))


def _score(guesses: list[tuple[str, str]]) -> dict:
    right = sum(g == q for g, q in guesses)
    digits = sum(sum(a == b for a, b in zip(g, q)) for g, q in guesses)
    return {"recordings_read": right, "recordings": len(guesses), "read_rate": right / max(len(guesses), 1),
            "digit_rate": digits / max(1, len(guesses) * presence.DIGITS)}


def audio_attack(count: int, seed: int) -> dict:
    """A matched filter: every recording at the library's speeds slid over the whole sound; the best
    non-overlapping matches, in time order, are the number (the noise is made of reversed recordings)."""
    from captcha import audio as captcha_audio

    maker = presence._audio_maker()
    maker.load()
    speeds = [s / 100 for s in range(90, 121, 3)]
    templates = [(digit, _samples(captcha_audio.change_speed(voice, speed)))
                 for digit in "0123456789" for voice in maker._cache[digit] for speed in speeds]
    rng = random.Random(seed)
    guesses = []
    for _ in range(count):
        question = "".join(rng.choice("0123456789") for _i in range(presence.DIGITS))
        with wave.open(io.BytesIO(bytes(maker.generate(question)))) as sound:
            signal = _samples(sound.readframes(sound.getnframes()))
        guesses.append((read_by_templates(signal, templates, presence.DIGITS), question))
    return _score(guesses)


def spoken_attack(count: int, seed: int, *, oracle: bool, plain: bool = False) -> dict:
    """The matched filter against ``lms.tracking.spoken``. ``oracle``: the attacker is handed each digit's
    voice (variant, pitch, speed) and renders all ten digits in each of them with espeak-ng — everything
    but the random all-pass filters, the babble and the gaps, so an upper bound on what template matching can
    do; otherwise it renders every digit over a grid of voices (3 variants × 2 pitches × 2 speeds). ``plain``:
    the control — the same sound without all-pass filters, babble or noise, which a working attacker reads."""
    rng = random.Random(seed)
    grid = [] if oracle else [(d, np.array(spoken.speak(spoken.DIGIT_WORDS[int(d)], variant, pitch, speed)))
                              for d in "0123456789" for variant in ("m3", "f2", "klatt")
                              for pitch in (38, 62) for speed in (104, 121)]
    guesses = []
    started = time.perf_counter()
    for _ in range(count):
        question = "".join(rng.choice("0123456789") for _i in range(presence.DIGITS))
        voices = spoken.plan(question, rng)
        if plain:
            signal = np.concatenate([np.concatenate([spoken.speak(spoken.DIGIT_WORDS[int(v["digit"])], v["variant"],
                                                                  v["pitch"], v["speed"]),
                                                     np.zeros(int(rng.uniform(*spoken.GAP_SECONDS) * spoken.RATE))])
                                     for v in voices])
        else:
            signal = np.array(spoken.compose(question, rng, voices))
        templates = grid
        if oracle:
            templates = [(d, np.array(spoken.speak(spoken.DIGIT_WORDS[int(d)], v["variant"], v["pitch"], v["speed"])))
                         for v in voices for d in "0123456789"]
        guesses.append((read_by_templates(signal, templates, presence.DIGITS), question))
    return {**_score(guesses), "oracle": oracle, "plain_control": plain,
            "seconds": round(time.perf_counter() - started, 1)}


def _bands(samples: np.ndarray, rate: int) -> np.ndarray:
    """Log energy in 24 mel-like bands (100 Hz - 4 kHz) of 23 ms frames every 6 ms, each band's mean removed."""
    frame, hop = 256, 64
    if len(samples) < frame:
        samples = np.pad(samples, (0, frame - len(samples)))
    frames = np.lib.stride_tricks.sliding_window_view(samples, frame)[::hop] * np.hanning(frame)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    edges = np.geomspace(100, 4000, 25) * frame / rate
    bands = np.stack([power[:, int(a):max(int(a) + 1, int(b))].sum(axis=1) for a, b in zip(edges, edges[1:])], 1)
    logs = np.log(bands + 1e-6)
    return logs - logs.mean(axis=0)


def read_by_spectrogram(signal: np.ndarray, templates: list[tuple[str, np.ndarray]], digits: int, rate: int) -> str:
    """Template matching on band energies instead of the waveform (blind to phase, filters and echoes): each
    template's band image slid over the sound's by normalised correlation; best non-overlapping matches."""
    image = _bands(signal, rate)
    best = np.full(len(image), -1.0)
    label = np.full(len(image), -1)
    width = np.zeros(len(image), dtype=int)
    for digit, template in templates:
        pattern = _bands(template, rate)
        if len(pattern) >= len(image):
            continue
        pattern = (pattern - pattern.mean()).ravel()
        pattern /= np.linalg.norm(pattern) or 1
        windows = np.lib.stride_tricks.sliding_window_view(image, pattern.size // image.shape[1], axis=0)
        windows = windows.transpose(0, 2, 1).reshape(len(windows), -1)  # (start, frame, band), like the pattern
        windows = windows - windows.mean(axis=1, keepdims=True)
        score = windows @ pattern / np.maximum(np.linalg.norm(windows, axis=1), 1e-9)
        better = score > best[:len(score)]
        best[:len(score)][better], label[:len(score)][better] = score[better], int(digit)
        width[:len(score)][better] = len(pattern) // image.shape[1]
    found, taken = [], np.zeros(len(image), dtype=bool)
    for at in np.argsort(-best):
        if len(found) == digits:
            break
        if label[at] < 0 or taken[at]:
            continue
        found.append((at, str(label[at])))
        taken[max(0, at - width[at] // 2):at + width[at]] = True
    return "".join(d for _at, d in sorted(found))


def spoken_spectrogram_attack(count: int, seed: int, oracle: bool = True) -> dict:
    """The attacker of ``spoken_attack`` (with ``oracle``, each digit's voice handed over; else the grid of voices),
    matching band energies instead of waveforms, its templates also resampled by 0.92, 1 and 1.08 (the
    generator's pitch-and-tempo factor)."""
    rng = random.Random(seed)
    guesses = []
    started = time.perf_counter()

    def rendered(voices) -> list[tuple[str, np.ndarray]]:
        out = []
        for v in voices:
            for d in "0123456789":
                clean = np.array(spoken.speak(spoken.DIGIT_WORDS[int(d)], v["variant"], v["pitch"], v["speed"]))
                for factor in (0.92, 1.0, 1.08):
                    positions = np.arange(0, len(clean) - 1, factor)
                    out.append((d, np.interp(positions, np.arange(len(clean)), clean)))
        return out

    grid = [] if oracle else rendered([{"variant": variant, "pitch": pitch, "speed": speed}
                                       for variant in ("m3", "f2", "klatt") for pitch in (38, 62)
                                       for speed in (104, 121)])
    for _ in range(count):
        question = "".join(rng.choice("0123456789") for _i in range(presence.DIGITS))
        voices = spoken.plan(question, rng)
        signal = np.array(spoken.compose(question, rng, voices))
        templates = rendered(voices) if oracle else grid
        guesses.append((read_by_spectrogram(signal, templates, presence.DIGITS, spoken.RATE), question))
    return {**_score(guesses), "oracle": oracle, "seconds": round(time.perf_counter() - started, 1)}


# --- blind guessing against the answer rules --------------------------------------------------------------------

class _Session:
    def refresh(self, *_a, **_k):
        pass


def guessing_attack(hours: float, seed: int) -> dict:
    """A script that answers every check at once with random numbers, on a simulated clock."""
    rng = random.Random(seed)
    policy = SimpleNamespace(presence_check_minutes=20, presence_answer_seconds=120)
    now = datetime(2026, 11, 20, 8, tzinfo=timezone.utc)
    end = now + timedelta(hours=hours)
    latest, checks, passed, answers = None, 0, 0, 0
    session = _Session()
    while now < end:
        decision = presence.pending_decision(policy, latest, now)
        if decision is presence.LOCKED:
            now = presence.lock_ends(latest)
            continue
        if decision is None or decision is presence.ISSUE_ANEW:
            if latest is not None and latest.status == "passed":
                now += timedelta(minutes=20)  # credited study until the next check (at most 1.5 intervals)
            question = "".join(rng.choice("0123456789") for _i in range(presence.DIGITS))
            latest = SimpleNamespace(id=checks, question=question, status="open", attempts=0, answered_at=None,
                                     issued_at=now, expires_at=now + timedelta(seconds=120),
                                     answer_digest=presence._digest(str(checks), question))
            checks += 1
            continue
        guess = "".join(rng.choice("0123456789") for _i in range(presence.DIGITS))
        answers += 1
        presence.answer(session, None, latest, guess, now)
        now += timedelta(seconds=1)
        passed += latest.status == "passed"
    return {"hours": hours, "checks": checks, "answers": answers, "checks_passed": passed,
            "passed_per_100_checks": round(100 * passed / max(checks, 1), 4),
            "answers_per_hour": round(answers / hours, 1), "lock_minutes": presence.LOCK_MINUTES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=int, default=400)
    parser.add_argument("--test", type=int, default=300)
    parser.add_argument("--audio", type=int, default=100)
    parser.add_argument("--spoken", type=int, default=100, help="spoken checks (espeak-ng) for the matched filter")
    parser.add_argument("--hours", type=float, default=1000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    from lms import create_app

    with create_app().app_context():  # the answer rules' messages need an application
        result = {
            "old_picture_template_matching": ocr_attack(old_picture, 4, args.train, args.test, args.seed),
            "captcha_template_matching": ocr_attack(new_picture, presence.DIGITS, args.train, args.test, args.seed),
            "captcha_template_matching_8_votes": ocr_attack(new_picture, presence.DIGITS, args.train,
                                                            max(20, args.test // 5), args.seed, votes=8),
            "audio_cross_correlation": audio_attack(args.audio, args.seed),
            **({} if not spoken.available() else {
                "spoken_control_no_filter_no_babble": spoken_attack(max(10, args.spoken // 10), args.seed,
                                                                    oracle=True, plain=True),
                "spoken_matched_filter_oracle": spoken_attack(args.spoken, args.seed, oracle=True),
                "spoken_matched_filter_grid": spoken_attack(max(10, args.spoken // 4), args.seed, oracle=False),
                "spoken_band_energy_oracle": spoken_spectrogram_attack(max(10, args.spoken // 4), args.seed),
                "spoken_band_energy_grid": spoken_spectrogram_attack(max(10, args.spoken // 10), args.seed,
                                                                     oracle=False)}),
            "blind_guessing": guessing_attack(args.hours, args.seed),
            "fonts": [Path(f).name for f in presence.fonts()],
        }
    for name, value in result.items():
        print(f"{name}: {value}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
