"""Text normalisation for the originality check (J11), with an offset map back to the original.

Copying is measured on *normalised* characters (docs/API.md: NFKC, whitespace and punctuation removed), so
that changing punctuation, inserting spaces or line breaks, switching to full-width digits, writing in
traditional characters or sprinkling invisible characters does not hide a copy. Every Unicode
default-ignorable code point (``Default_Ignorable_Code_Point``: format controls, zero-width characters,
variation selectors, tag characters, *and the Hangul fillers*, which are letters that render as nothing)
is dropped before anything else and counted (``NormalizedText.ignorable``), so the report can tell the
tutor that a text was padded with invisible characters. Every normalised
character remembers the index of the original character it came from, so passages found on normalised
text can be highlighted in the text the learner actually wrote.

The conversion is done character by character (through a cached table), never on the whole string:
OpenCC's phrase tables may rewrite a multi-character phrase as a unit, which would make the offset map
ambiguous. Both sides of every comparison go through the same per-character function, so the check is
consistent even where phrase-level conversion would have chosen a different simplified character.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from dataclasses import dataclass
from itertools import compress

# Unicode general categories that never count as text: punctuation (P*), separators/whitespace (Z*),
# symbols (S*), control/format/invisible (C*, e.g. U+200B, U+FEFF) and combining marks (M*: accents,
# variation selectors, kana voicing marks), the last so that "é" and "e" + U+0301 normalise alike.
_DROPPED_CATEGORIES = frozenset("PZSCM")

# Default_Ignorable_Code_Point is derived (Unicode DerivedCoreProperties.txt) as
#   Other_Default_Ignorable_Code_Point + Cf + Variation_Selector
#   - White_Space - FFF9..FFFB (interlinear annotation) - 13430..1343F (Egyptian format controls)
#   - Prepended_Concatenation_Mark.
# Python's unicodedata gives Cf; the two short property lists below are PropList.txt's (Unicode 15.1).
_OTHER_DEFAULT_IGNORABLE = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x2065, 0x2065), (0x3164, 0x3164),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0xE0000, 0xE0000), (0xE0002, 0xE001F), (0xE0080, 0xE00FF),
    (0xE01F0, 0xE0FFF),
)
_VARIATION_SELECTOR = ((0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_NOT_IGNORABLE = (
    (0xFFF9, 0xFFFB), (0x13430, 0x1343F),
    # Prepended_Concatenation_Mark: format characters that are visible.
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x110BD, 0x110BD), (0x110CD, 0x110CD),
)


def _derive_default_ignorable() -> frozenset[int]:
    def expand(ranges):
        return {c for a, b in ranges for c in range(a, b + 1)}

    # Format characters live in planes 0, 1 and 14 only (2-13 hold ideographs or nothing, 15-16 private
    # use): scanning those keeps the import fast.
    planes = (*range(0, 0x20000), *range(0xE0000, 0xF0000))
    format_controls = {c for c in planes if unicodedata.category(chr(c)) == "Cf"}
    derived = expand(_OTHER_DEFAULT_IGNORABLE) | format_controls | expand(_VARIATION_SELECTOR)
    return frozenset(c for c in derived - expand(_NOT_IGNORABLE) if not chr(c).isspace())


DEFAULT_IGNORABLE: frozenset[int] = _derive_default_ignorable()


def is_ignorable(ch: str) -> bool:
    """True for a default-ignorable code point: rendered as nothing, never part of what was written."""
    return ord(ch) in DEFAULT_IGNORABLE


def written_length(text: str) -> int:
    """*Characters written* (docs/ORIGINALITY.md): the characters of ``text`` that leave something in its
    normalised form, each counted once, i.e. every character that is not default-ignorable and whose
    compatibility decomposition (NFKD) holds a letter or number (Unicode categories L, N) that is not
    default-ignorable. Punctuation, spaces, symbols, emoji and invisible padding do not count.

    The one definition of a text's length: the editor's counter (static/js/essay.js, the same rule), the
    minimum length of a written assignment and the report's "characters written". It equals the length of
    the normalised text except where one character unfolds into several (ﬁ, Ⅻ, ß: 902 code points, none
    of them Chinese), which count once here.
    """
    widths = text.translate(_WIDTH)
    return len(widths) - widths.count("\0")


def count_ignorable(text: str) -> int:
    """Default-ignorable code points in ``text`` (shown to the tutor: invisible padding)."""
    return len(_IGNORABLE.findall(text))


def _character_class(codes: frozenset[int]) -> re.Pattern:
    """A regular expression matching any one of ``codes``, written as ranges (17 for the ignorable ones):
    six times faster to scan than ``str.translate`` with a table of them, which raises and catches an
    exception for every other character."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "")
                                    for a, b in ranges) + "]")


_IGNORABLE = _character_class(DEFAULT_IGNORABLE)

# Pairs of quotation marks whose content is a quotation (a cited passage) rather than the learner's own
# words. Straight quotes open and close with the same character.
QUOTE_PAIRS: dict[str, str] = {
    "\u201c": "\u201d",  # “ ”
    "\u300c": "\u300d",  # 「 」
    "\u300e": "\u300f",  # 『 』
    "\ufe41": "\ufe42",  # ﹁ ﹂ (vertical forms)
    "\ufe43": "\ufe44",  # ﹃ ﹄
    '"': '"',
    "\uff02": "\uff02",  # full-width ＂
}

# Characters seen in real text number a few thousand; an attacker sending every code point must not grow
# the cache without bound, so beyond this size results are computed and not kept.
_CACHE_LIMIT = 1 << 16

def loaded_once(load):
    """``load()`` run on the first call only, whichever thread makes it (for slow loads: dictionaries, models);
    every later call returns the same object."""
    lock, loaded = threading.Lock(), []

    def get():
        if not loaded:
            with lock:
                if not loaded:
                    loaded.append(load())
        return loaded[0]

    get.__doc__ = load.__doc__
    return get


@loaded_once
def _t2s():
    """The OpenCC traditional→simplified converter, created once on first use (loading is slow)."""
    import opencc

    return opencc.OpenCC("t2s")


def _simplify(text: str) -> str:
    # OpenCC's table is not idempotent for a few characters (薴 → 苧 → 苎); iterating to a fixed point
    # makes a traditional copy and its already-simplified source land on the same character.
    converter = _t2s()
    for _ in range(3):
        converted = converter.convert(text)
        if converted == text:
            break
        text = converted
    return text


def fold_char(ch: str) -> str:
    """The normalised form of one original character: zero, one or a few characters.

    NFKD unfolds compatibility forms (full-width digits and letters, circled numbers, CJK compatibility
    ideographs) and separates accents; traditional characters become simplified; case is folded; then
    everything that is not a letter or number is dropped and the rest recomposed (NFKC, for Hangul).
    """
    if ord(ch) in DEFAULT_IGNORABLE:
        return ""
    # Dropping first also keeps lone surrogates (category Cs), which cannot be encoded, away from OpenCC.
    text = _letters_and_numbers(unicodedata.normalize("NFKD", ch))
    if text:
        text = _simplify(text).casefold()
        text = _letters_and_numbers(unicodedata.normalize("NFKD", text))
        text = unicodedata.normalize("NFKC", text)
    return text


class _FoldTable(dict):
    """Code point → normalised piece, for ``str.translate`` (which does the per-character loop in C).
    Filled on first sight of a character; beyond the size limit pieces are computed and not kept."""

    def __missing__(self, code: int) -> str:
        piece = fold_char(chr(code))
        if len(self) < _CACHE_LIMIT:
            self[code] = piece
        return piece


class _WidthTable(dict):
    """Code point → chr(number of normalised characters it becomes): 0 dropped, 1 kept, more expanded."""

    def __missing__(self, code: int) -> str:
        width = chr(len(_FOLD[code]))
        if len(self) < _CACHE_LIMIT:
            self[code] = width
        return width


_FOLD = _FoldTable()
_WIDTH = _WidthTable()


def _letters_and_numbers(text: str) -> str:
    # NFKD turns U+3164 and U+FFA0 into U+1160: ignorable code points are checked after it too.
    return "".join(c for c in text if unicodedata.category(c)[0] not in _DROPPED_CATEGORIES
                   and ord(c) not in DEFAULT_IGNORABLE)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text and, for each of its characters, the index of the original character."""

    text: str
    offsets: list[int]
    ignorable: int = 0  # default-ignorable code points dropped from the original (invisible padding)

    def __len__(self) -> int:
        return len(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original-text range [a, b) holding normalised characters [start, end) (end > start)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def normalized_span(self, start: int, end: int) -> tuple[int, int]:
        """The normalised range [a, b) of the characters that came from original range [start, end)."""
        return bisect.bisect_left(self.offsets, start), bisect.bisect_left(self.offsets, end)


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for copy detection, keeping the offset map."""
    widths = text.translate(_WIDTH).encode("latin-1")  # one byte per original character
    if max(widths, default=0) <= 1:
        offsets = list(compress(range(len(text)), widths))
    else:
        # A character folding to several (Ⅻ → xii) gives each of them its original offset.
        offsets = [i for i, width in enumerate(widths) for _ in range(width)]
    return NormalizedText(text.translate(_FOLD), offsets, count_ignorable(text))


def normalize_plain(text: str) -> str:
    """Only the normalised string, for sources whose offsets are not needed."""
    return text.translate(_FOLD)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Original-text ranges [a, b) enclosed in quotation marks (marks excluded).

    Quotation marks of another kind inside an open quotation are part of it (nesting such as 「…『…』…」).
    A quotation never closed is ignored: an opening mark alone must not turn the rest of a submission
    into a "quotation".
    """
    spans: list[tuple[int, int]] = []
    closer = None
    start = 0
    for i, ch in enumerate(text):
        if closer is None:
            if ch in QUOTE_PAIRS:
                closer = QUOTE_PAIRS[ch]
                start = i + 1
        elif ch == closer:
            if i > start:
                spans.append((start, i))
            closer = None
    return spans


def quoted_ranges(text: str, normalized: NormalizedText) -> list[tuple[int, int]]:
    """Quoted passages of ``text`` in normalised coordinates, empty ranges left out."""
    ranges = []
    for a, b in quoted_spans(text):
        na, nb = normalized.normalized_span(a, b)
        if nb > na:
            ranges.append((na, nb))
    return ranges
