"""Alignment: from seed k-gram matches to copied passages, through light edits."""

import random

from lms.originality.align import AlignParams, Passage, align_passages, chain_blocks, seed_runs
from lms.originality.fingerprint import kgram_positions

K = 8


def chars(seed: int, size: int, base: int) -> str:
    """Pseudo-random text over 1,000 CJK characters starting at ``base`` (disjoint bases, no overlap)."""
    rng = random.Random(seed)
    return "".join(chr(base + rng.randrange(1000)) for _ in range(size))


OWN, SOURCE = 0x4E00, 0x5E00


def seeds_between(query: str, source: str) -> list[tuple[int, int]]:
    source_kgrams = kgram_positions(source, K)
    return [
        (q, s)
        for value, positions in kgram_positions(query, K).items()
        for q in positions
        for s in source_kgrams.get(value, ())
    ]


def edit(text: str, every: int, seed: int = 7) -> str:
    """Substitute, insert or delete one character in each stretch of ``every`` characters."""
    rng = random.Random(seed)
    out = list(text)
    for start in reversed(range(every // 2, len(out) - 2, every)):
        kind = rng.randrange(3)
        if kind == 0:
            out[start] = chr(0x7000 + rng.randrange(1000))
        elif kind == 1:
            out.insert(start, chr(0x7000 + rng.randrange(1000)))
        else:
            del out[start]
    return "".join(out)


def test_an_exact_copy_is_one_passage_with_exact_bounds():
    source = chars(1, 200, SOURCE)
    query = chars(2, 50, OWN) + source[40:140] + chars(3, 50, OWN)
    passages = align_passages(query, source, seeds_between(query, source), K)
    assert [(p.start, p.end, p.source_start, p.source_end) for p in passages] == [(50, 150, 40, 140)]
    assert passages[0].matched == 100


def test_a_lightly_edited_copy_is_one_passage():
    source = chars(1, 400, SOURCE)
    copied = edit(source[50:350], every=12)  # about 8% of the characters edited
    query = chars(2, 100, OWN) + copied + chars(3, 100, OWN)
    passages = align_passages(query, source, seeds_between(query, source), K)
    assert len(passages) == 1
    (p,) = passages
    assert abs(p.start - 100) <= 2 and abs(p.end - (100 + len(copied))) <= 2
    assert abs(p.source_start - 50) <= 2 and abs(p.source_end - 350) <= 2


def test_a_copy_spread_over_far_apart_seeds_is_followed_to_its_ends():
    source = chars(1, 900, SOURCE)
    query = chars(2, 30, OWN) + source[100:800] + chars(3, 30, OWN)
    # Only one seed, in the middle: the region grows until the whole copy is inside.
    passages = align_passages(query, source, [(400, 470)], K)
    assert [(p.start, p.end) for p in passages] == [(30, 730)]


def test_twelve_characters_are_not_a_passage_thirteen_are():
    source = chars(1, 100, SOURCE)
    for size, expected in ((12, 0), (13, 1)):
        query = chars(2, 40, OWN) + source[20 : 20 + size] + chars(3, 40, OWN)
        seeds = [(40 + i, 20 + i) for i in range(size - K + 1)]
        assert len(align_passages(query, source, seeds, K)) == expected


def test_chance_blocks_beside_a_copy_are_left_out():
    # A 40-character copy, then an edit and a lone chance match, or two edits and a chance pair:
    # neither is worth its edits.
    assert chain_blocks([(0, 0, 40), (41, 41, 1)]) == [Passage(0, 40, 0, 40, 40)]
    assert chain_blocks([(0, 0, 40), (42, 42, 2)]) == [Passage(0, 40, 0, 40, 40)]
    # A real light edit between two long matches joins them.
    blocks = [(0, 0, 40), (41, 41, 30)]
    assert chain_blocks(blocks) == [Passage(0, 71, 0, 71, 70)]


def test_sparse_matches_are_no_passage():
    blocks = [(i * 3, i * 3, 1) for i in range(20)]  # one character in three: chance, not a copy
    assert chain_blocks(blocks) == []


def test_a_passage_broken_by_a_heavily_edited_stretch_becomes_two():
    blocks = [(0, 0, 30), (36, 36, 30)]  # six characters rewritten: beyond the gap bridged
    assert chain_blocks(blocks, AlignParams()) == [Passage(0, 30, 0, 30, 30), Passage(36, 66, 36, 66, 30)]


def test_seed_runs_split_by_diagonal():
    runs = seed_runs([(0, 100), (10, 110), (20, 121), (5, 900), (15, 910)])
    assert sorted((r.q_first, r.q_last, r.diagonal) for r in runs) == [(0, 20, 101), (5, 15, 895)]


def test_masked_characters_never_match():
    source = chars(1, 100, SOURCE)
    query = source[:20] + "\x00" * 20 + source[40:100]
    passages = align_passages(query, source, seeds_between(query, source), K)
    assert [(p.start, p.end) for p in passages] == [(0, 20), (40, 100)]


def test_a_copy_with_a_character_inserted_after_every_few_is_covered_whole():
    source = chars(1, 300, SOURCE)
    for every in (1, 2, 3):
        copied = "".join(source[i:i + every] + chr(0x7000 + i % 500) for i in range(50, 250, every))
        query = chars(2, 60, OWN) + copied + chars(3, 60, OWN)
        seeds = [(60 + (i - 50) // every * (every + 1), i) for i in range(50, 250, 40)]
        passages = align_passages(query, source, seeds, K)
        # runs of a drifting diagonal may give overlapping passages: callers take the union
        covered = set().union(*(range(p.start, p.end) for p in passages))
        assert min(covered) == 60 and abs(max(covered) + 1 - (60 + len(copied))) <= 1, every
        assert len(covered) >= len(copied) - 1
        source_covered = set().union(*(range(p.source_start, p.source_end) for p in passages))
        assert set(range(50, 250)) <= source_covered <= set(range(49, 252)), every  # a chance neighbour at most


def test_light_edits_are_not_mistaken_for_inserted_filler():
    # Insertion-tolerant chaining keeps only passages dense in inserts: an ordinary lightly edited copy
    # is found once, by the ordinary rule, with the same bounds as before.
    source = chars(1, 400, SOURCE)
    copied = edit(source[50:350], every=12)
    query = chars(2, 100, OWN) + copied + chars(3, 100, OWN)
    assert chain_blocks([(0, 0, 10), (11, 10, 10)], inserts=True) == []
    (p,) = align_passages(query, source, seeds_between(query, source), K)
    assert abs(p.start - 100) <= 2 and abs(p.end - (100 + len(copied))) <= 2


def test_a_chance_character_beside_a_copy_is_trimmed_from_its_edge():
    # blocks: a lone chance match 2 characters before the copy of 30, another 1 character after it
    blocks = [(0, 0, 1), (3, 2, 30), (34, 33, 1)]
    (p,) = chain_blocks(blocks, AlignParams(edit_penalty=0.1))
    assert (p.start, p.end) == (3, 33)
