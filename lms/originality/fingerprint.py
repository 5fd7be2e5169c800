"""Winnowing fingerprints of normalised text (Schleimer, Wilkerson & Aiken 2003, the MOSS algorithm).

Every character k-gram of the normalised text is hashed; in each window of ``w`` consecutive k-gram
hashes the minimal one is kept as a fingerprint, with its position. Two texts sharing a run of at least
``t = w + k - 1`` normalised characters share a whole window of hashes, hence its minimum: such a copy
is always found. ``t`` is held at 20 or below (docs/ORIGINALITY.md: every shared run of 20 characters is found).

Hashes are stored in the database and compared across processes and releases, so they must not depend
on Python's per-process ``hash()`` salt: a polynomial hash modulo the Mersenne prime 2**61 - 1 with a
fixed base gives values in [0, 2**61), which fit a signed 64-bit column. Changing ``k``, the base or the
normalisation changes every hash; ``FingerprintParams.scheme`` names the combination so a stored index
built under another scheme can be recognised and rebuilt.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

MODULUS = (1 << 61) - 1
# A fixed, odd, "random-looking" base below the modulus. Never change it without a new scheme name.
BASE = 0x1F3D5B79A2C4E687 % MODULUS

GUARANTEE_LIMIT = 20


class Fingerprint(NamedTuple):
    hash: int
    position: int  # start of the k-gram in the normalised text


@dataclass(frozen=True, slots=True)
class FingerprintParams:
    """k-gram length and winnowing window. See docs/ORIGINALITY.md for why k=8, w=13."""

    k: int = 8
    w: int = 13

    def __post_init__(self) -> None:
        if self.k < 1 or self.w < 1:
            raise ValueError("k and w must be positive")
        if self.guarantee > GUARANTEE_LIMIT:
            raise ValueError(f"guarantee threshold w + k - 1 = {self.guarantee} exceeds {GUARANTEE_LIMIT}")

    @property
    def guarantee(self) -> int:
        """Every shared run of at least this many normalised characters shares a fingerprint."""
        return self.w + self.k - 1

    @property
    def scheme(self) -> str:
        """Identifies hashes compatible with these parameters (store it next to a persisted index)."""
        return f"winnow-p61-k{self.k}-w{self.w}-v1"


DEFAULT_PARAMS = FingerprintParams()


def kgram_hashes(text: str, k: int) -> list[int]:
    """The hash of every k-gram of ``text``; item i hashes ``text[i:i + k]``. Empty if text is shorter.

    Prefix hashes P[i] = sum(text[j] * BASE**(i-1-j)) give each k-gram as P[i+k] - P[i] * BASE**k, all
    computed in C-level loops (accumulate, a comprehension) rather than a Python per-character loop.
    """
    if len(text) < k:
        return []
    modulus, base = MODULUS, BASE
    prefix = list(accumulate(map(ord, text), lambda h, c: (h * base + c) % modulus, initial=0))
    shift = pow(base, k, modulus)
    return [(b - a * shift) % modulus for a, b in zip(prefix, prefix[k:])]


def winnow(hashes: list[int], w: int) -> list[Fingerprint]:
    """Robust winnowing: the minimal hash of every window of ``w`` hashes, each selection recorded once.

    Ties are broken as in the paper's robust variant: a window keeps the previous selection if that one
    is still inside and still minimal, otherwise takes the rightmost minimum. On repetitive text
    ("哈哈哈哈…") this records one fingerprint per window length instead of one per position.
    A text with fewer than ``w`` k-grams still gets its minimum, so short texts are not invisible.
    """
    if not hashes:
        return []
    if len(hashes) < w:
        minimum = min(hashes)
        position = len(hashes) - 1 - hashes[::-1].index(minimum)
        return [Fingerprint(minimum, position)]
    selected: list[Fingerprint] = []
    # Positions whose hashes increase from front to back; the front is the rightmost minimum because
    # an equal newer hash evicts the older one.
    window: deque[int] = deque()
    last = -1
    for i, value in enumerate(hashes):
        while window and hashes[window[-1]] >= value:
            window.pop()
        window.append(i)
        if window[0] <= i - w:
            window.popleft()
        if i < w - 1:
            continue
        best = window[0]
        if best != last and not (last > i - w and hashes[last] == hashes[best]):
            selected.append(Fingerprint(hashes[best], best))
            last = best
    return selected


def fingerprints(text: str, params: FingerprintParams = DEFAULT_PARAMS) -> list[Fingerprint]:
    """Winnowed fingerprints of already normalised ``text`` (what a document is indexed under)."""
    return winnow(kgram_hashes(text, params.k), params.w)


def kgram_positions(text: str, k: int) -> dict[int, list[int]]:
    """Every k-gram hash of normalised ``text`` with all its positions (what a check looks up).

    A submission is looked up by *all* its k-grams against the winnowed index: a copied k-gram is found
    whenever the source selected it, whether or not the submission's own windows would have. That keeps
    the 20-character guarantee and finds most shorter and lightly edited copies too.
    """
    hashes = kgram_hashes(text, k)
    positions = {value: [i] for i, value in enumerate(hashes)}
    if len(positions) < len(hashes):  # some k-gram repeats: collect all its positions
        positions = {}
        for i, value in enumerate(hashes):
            positions.setdefault(value, []).append(i)
    return positions
