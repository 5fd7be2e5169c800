"""Word boundaries of Chinese text, so that a copied passage is marked in whole words (课堂, not 课|堂).

Alignment works on characters: a passage ends where the learner's text and the source stop agreeing, which
can be inside a word (the learner wrote 课堂 where the source has 课程: 课 still matches). The marked
passage is the aligned one narrowed to the whole words inside it (``whole_words``): a word only partly
repeated is not marked. The copied ratio still counts the aligned characters (docs/ORIGINALITY.md).

Words come from jieba's dictionary (maximum-probability segmentation without the HMM guesser, so only
dictionary words join characters; a character not in any word is a word of its own). The dictionary is
loaded lazily, once per process (about a second), with jieba's progress messages silenced. jieba
segments each run of Han characters, letters and digits on its own (punctuation and spaces always separate
words), so only the run around a passage's end is segmented: the same words as segmenting the whole text.
The run is segmented in folded form (traditional → simplified, full-width → ASCII) where a character folds
to exactly one character, so 課堂 is found as 课堂.
"""
from __future__ import annotations

import logging
import re

from .normalize import loaded_once, normalize_plain

# jieba's own definition of the characters its segmenter joins into words (jieba.re_han_default): runs of
# them are segmented independently.
_WORD_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # jieba.re_eng
_REACH = 32  # characters looked at on either side of a boundary (a run without punctuation may be long)

@loaded_once
def _jieba():
    """jieba's tokenizer with its dictionary loaded, created on first use (once per process)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # "Building prefix dict…" goes to stderr otherwise
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def load_dictionary() -> None:
    """Load the dictionary now (a serving process, before its first request: lms.warm_up)."""
    _jieba()


def _folded(ch: str) -> str:
    folded = normalize_plain(ch)  # the cached per-character table of normalize.py
    return folded if len(folded) == 1 else ch


def word_at(text: str, i: int) -> tuple[int, int]:
    """The word [a, b) of ``text`` holding character ``i`` (a character outside words is one by itself)."""
    if not _WORD_CHAR.match(_folded(text[i])):
        return i, i + 1
    lo = i
    while lo > 0 and i - lo < _REACH and _WORD_CHAR.match(_folded(text[lo - 1])):
        lo -= 1
    hi = i + 1
    while hi < len(text) and hi - i < _REACH and _WORD_CHAR.match(_folded(text[hi])):
        hi += 1
    run = "".join(_folded(ch) for ch in text[lo:hi])
    for a, b in _words(run):
        if lo + b > i:
            return lo + a, lo + b
    return i, i + 1  # not reached: the words cover the run


def _words(run: str) -> list[tuple[int, int]]:
    """jieba's words of a run of word characters, as ``cut(run, HMM=False)`` gives them: the
    maximum-probability route through the dictionary's DAG, consecutive single ASCII letters and digits
    joined into one word. Called directly, it costs a fifth of ``cut``'s generator and regular expressions
    on a short run."""
    tokenizer = _jieba()
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(run, tokenizer.get_DAG(run), route)
    words: list[tuple[int, int]] = []
    a, joining = 0, False
    while a < len(run):
        b = route[a][1] + 1
        single_ascii = b - a == 1 and run[a] in _ASCII_ALNUM
        if single_ascii and joining:
            words[-1] = (words[-1][0], b)
        else:
            words.append((a, b))
        joining, a = single_ascii, b
    return words


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of ``text`` narrowed to the whole words inside it: a word cut by either end is left out.
    Unchanged when no whole word is inside (a passage is never marked as nothing)."""
    if end <= start:
        return start, end
    a, b = start, end
    word_start, word_end = word_at(text, start)
    if word_start < start:
        a = word_end
    word_start, word_end = word_at(text, end - 1)
    if word_end > end:
        b = word_start
    return (a, b) if a < b else (start, end)
