"""Fillers inserted every few characters: detected, looked through, and never invented in prose."""
import random

from lms.originality import FingerprintIndex, SourceDocument, check
from lms.originality.insertions import decimated, filler_characters, without


def chars(seed: int, size: int, base: int = 0x4E00) -> str:
    rng = random.Random(seed)
    return "".join(chr(base + rng.randrange(2000)) for _ in range(size))


def padded(text: str, every: int, filler) -> str:
    return "".join(text[i:i + every] + filler(i) for i in range(0, len(text), every))


def test_a_filler_recurring_all_along_a_passage_is_detected():
    text = chars(1, 200, 0x7000) + padded(chars(2, 300), 3, lambda i: "x") + chars(3, 200, 0x7000)
    assert filler_characters(text) == {"x"}
    view, kept = without(text, {"x"})
    assert "x" not in view and all(text[i] != "x" for i in kept)


def test_prose_with_a_frequent_character_has_no_filler():
    rng = random.Random(4)
    # 的 one character in eight on average, at random places: frequent, but not a padding pattern.
    text = "".join("的" if rng.random() < 0.125 else chr(0x4E00 + rng.randrange(2000)) for _ in range(3000))
    assert filler_characters(text) == frozenset()


def test_decimated_views_drop_one_character_in_each_period():
    assert decimated("abcdefg", 3, 1) == ("acdfg", [0, 2, 3, 5, 6])


def _corpus(source: str) -> FingerprintIndex:
    index = FingerprintIndex()
    index.add(SourceDocument(1, 1, "submission", source))
    return index


def test_a_copy_with_a_visible_filler_after_every_character_is_found():
    source, own = chars(5, 1500), chars(6, 1500, 0x7000)
    index = _corpus(source)
    for every in (1, 2, 3, 5, 8):
        report = check(own[:1000] + padded(source[:900], every, lambda i: "丶") + own[1000:], index, owner_id=2)
        assert report.suspected and report.fillers == ["丶"], every
        # the copied characters and the fillers inside the copy are the copied part
        assert report.copied >= 900, (every, report.copied)


def test_a_copy_with_a_different_random_character_after_every_few_is_found():
    source, own = chars(7, 1500), chars(8, 1500, 0x7000)
    rng = random.Random(9)
    index = _corpus(source)
    for every in (1, 2, 4, 7):
        copy = padded(source[:900], every, lambda i: chr(0x9000 + rng.randrange(3000)))
        report = check(own[:900] + copy + own[900:], index, owner_id=2)
        assert report.suspected and report.copied >= 800, (every, report.copied)


def test_a_copy_padded_with_invisible_letters_is_a_whole_copy():
    source = chars(10, 1000)
    padding = "\u3164\uffa0"
    report = check("".join(ch + padding for ch in source), _corpus(source), owner_id=2)
    assert report.countable == 1000 and report.copied == 1000 and report.invisible == 2000


def test_an_original_is_not_flagged_whatever_its_fillers():
    source = chars(11, 1500)
    report = check(padded(chars(12, 1500, 0x7000), 3, lambda i: "x"), _corpus(source), owner_id=2)
    assert report.copied == 0 and report.fillers == ["x"]
