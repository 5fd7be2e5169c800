"""Passage alignment: from shared fingerprints (seeds) to copied passages, through light edits.

A seed says "the k-gram at query position q equals the k-gram at source position s". Seeds of one
copied passage lie on (nearly) one diagonal ``s - q``; each insertion or deletion moves the diagonal by
one. Seeds are grouped into such diagonal runs, and each run's region (plus a margin) of both texts is
aligned with rapidfuzz's LCS (bit-parallel, fast on a few hundred characters). The matching blocks are
chained through small edit gaps into passages, so that a copy with a few characters changed, inserted or
deleted counts as one passage with its edited characters inside, as a reader would see it.

A passage counts from 13 normalised characters (the CNKI convention also used by docs/API.md). The chaining
rules keep chance matches out: the alphabet is large, but common characters and words (的, 是, 我们…)
coincide often enough that LCS finds short matches in any two texts; an edit must be paid for by the
matched characters around it, and a passage must be mostly matching characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import LCSseq

MIN_PASSAGE = 13


class Passage(NamedTuple):
    """A copied passage in normalised coordinates: query [start, end) ~ source [source_start, source_end)."""

    start: int
    end: int
    source_start: int
    source_end: int
    matched: int  # characters matched exactly inside (the rest are the light edits)


@dataclass(frozen=True, slots=True)
class AlignParams:
    min_length: int = MIN_PASSAGE  # shortest passage counted, in query characters
    max_gap: int = 3  # longest run of edited characters bridged inside a passage, on either side
    edit_penalty: float = 1.5  # matched characters an edit inside a passage must be paid for with
    min_density: float = 0.75  # matched characters / passage length (8% edits give ~0.9)
    margin: int = 32  # context aligned around a run of seeds, doubled while a passage touches it
    cluster_gap: int = 120  # seeds further apart than this along the query start a new run
    cluster_drift: int = 12  # diagonal change tolerated between neighbouring seeds of one run
    # Insertion-tolerant chaining (a filler character inserted every few characters of a copy): a gap
    # of at most ``max_insert`` characters on the query side only costs ``insert_penalty`` each; such a
    # passage counts only when the inserts are dense (at least one per ``insert_every`` matched
    # characters, the signature of padding, never of light editing) and the source side is dense.
    max_insert: int = 2  # 0: no insertion-tolerant chaining
    insert_penalty: float = 0.5
    insert_every: int = 12
    min_query_density: float = 0.3  # matched / query length of such a passage (1 filler per character)
    max_padded_block: int = 9  # mean matched block of a padded copy at most (filler after every ≤ 8)
    min_padded: int = 24  # matched characters of a padded passage at least (shorter: chance is likelier)
    # A passage's first and last blocks must be this long: a lone character or two matching by chance
    # right beside a copy (common characters coincide often) is not part of it.
    edge_block: int = 2


DEFAULT_ALIGN = AlignParams()


class _Run:
    """Seeds of one diagonal run and the bounding box of the k-grams they stand for."""

    __slots__ = ("q_first", "q_last", "s_first", "s_last", "diagonal")

    def __init__(self, q: int, s: int) -> None:
        self.q_first = self.q_last = q
        self.s_first = self.s_last = s
        self.diagonal = s - q

    def take(self, q: int, s: int) -> None:
        self.q_last = q
        self.s_first = min(self.s_first, s)
        self.s_last = max(self.s_last, s)
        self.diagonal = s - q


def seed_runs(seeds: Iterable[tuple[int, int]], params: AlignParams = DEFAULT_ALIGN) -> list[_Run]:
    """Group seeds into diagonal runs (several runs may share query positions: repeated source text)."""
    runs: list[_Run] = []
    active: list[_Run] = []
    for q, s in sorted(set(seeds)):
        active = [r for r in active if q - r.q_last <= params.cluster_gap]
        diagonal = s - q
        home = min(active, key=lambda r: abs(r.diagonal - diagonal), default=None)
        if home is not None and abs(home.diagonal - diagonal) <= params.cluster_drift:
            home.take(q, s)
        else:
            home = _Run(q, s)
            runs.append(home)
            active.append(home)
    return runs


def _matching_blocks(query: str, source: str) -> list[tuple[int, int, int]]:
    """(query start, source start, length) of the LCS alignment's equal blocks, in order."""
    return [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in LCSseq.opcodes(query, source)
        if op.tag == "equal"
    ]


Block = tuple[int, int, int]
# No credible passage scores this little (13 characters, three quarters matched, edits paid for): a
# chain whose best stretch does is chance matches, and searching its parts again would be quadratic.
_HOPELESS = 3


def chain_blocks(blocks: list[Block], params: AlignParams = DEFAULT_ALIGN, *, inserts: bool = False) -> list[Passage]:
    """Chain matching blocks separated by small edit gaps into passages and keep the credible ones.

    With ``inserts``, the insertion-tolerant rule: short query-only gaps (inserted filler) are cheap,
    and only passages dense in such gaps are kept (the ordinary rule finds the others).
    """
    passages: list[Passage] = []
    chain: list[Block] = []
    for block in blocks:
        if chain and _cost(chain[-1], block, params, inserts) is None:
            passages.extend(_passages_of(chain, params, inserts))
            chain = []
        chain.append(block)
    if chain:
        passages.extend(_passages_of(chain, params, inserts))
    return passages


def _gap(block: Block, following: Block) -> int:
    """Edited characters between two blocks: a substitution, an insertion or a deletion each cost 1."""
    q, s, n = block
    return max(following[0] - (q + n), following[1] - (s + n))


def _is_insert(block: Block, following: Block, params: AlignParams) -> bool:
    """Only query characters between the blocks, at most ``max_insert`` of them (inserted filler)."""
    q, s, n = block
    return following[1] == s + n and 0 < following[0] - (q + n) <= params.max_insert


def _cost(block: Block, following: Block, params: AlignParams, inserts: bool) -> float | None:
    """What joining the blocks costs, or None when the gap is too wide to bridge."""
    if inserts and _is_insert(block, following, params):
        return params.insert_penalty * (following[0] - block[0] - block[2])
    gap = _gap(block, following)
    return None if gap > params.max_gap else params.edit_penalty * gap


def _passages_of(chain: list[Block], params: AlignParams, inserts: bool = False) -> list[Passage]:
    """The best-scoring stretches of a chain: matched characters minus ``edit_penalty`` per edit.

    A block of chance matches beside a copy adds fewer characters than the edits that join it cost, so
    the copy's ends stay where the copying stopped; real light edits are surrounded by long matches and
    pay for themselves. What is left on either side of the best stretch is searched again.
    """
    best_score, best = 0, None
    run_score, run_start = 0, 0
    for i, (_, _, n) in enumerate(chain):
        continued = run_score + n - _cost(chain[i - 1], chain[i], params, inserts) if i else 0
        if continued > n:
            run_score = continued
        else:
            run_score, run_start = n, i
        if run_score > best_score:
            best_score, best = run_score, (run_start, i)
    if best is None or best_score < _HOPELESS:
        return []  # no stretch of this chain can be a passage (and none of its parts: stop peeling)
    first, last = best
    passages = _passages_of(chain[:first], params, inserts)
    first, last = _trimmed(chain, first, last, params)
    q0, s0, _ = chain[first]
    q1, s1, n1 = chain[last]
    length = q1 + n1 - q0
    matched = sum(n for _, _, n in chain[first : last + 1])
    if inserts:
        # Padding keeps every block short (a filler after every few characters): a chain with long
        # blocks is an ordinary copy (the ordinary rule's) plus chance matches, never padding.
        blocks = last - first + 1
        gaps = sum(_is_insert(chain[i], chain[i + 1], params) for i in range(first, last))
        # Chance matches of common words also leave a character or two between blocks: padding is
        # told apart by length and regularity (nearly every gap an insert).
        credible = (matched >= params.min_padded and gaps >= 0.8 * (blocks - 1)
                    and matched <= params.max_padded_block * blocks
                    and gaps * params.insert_every >= matched and matched >= params.min_query_density * length
                    and matched >= params.min_density * (s1 + n1 - s0))
    else:
        credible = matched >= params.min_density * length
    if length >= params.min_length and credible:
        passages.append(Passage(q0, q1 + n1, s0, s1 + n1, matched))
    return passages + _passages_of(chain[last + 1 :], params, inserts)


def _trimmed(chain: list[Block], first: int, last: int, params: AlignParams) -> tuple[int, int]:
    """Drop a short end block standing beside a long one: a chance match joined to a copy's end.
    (A chain of short blocks throughout, a padded copy, keeps its ends.)"""
    if first < last and chain[first][2] < params.edge_block <= chain[first + 1][2]:
        first += 1
    if first < last and chain[last][2] < params.edge_block <= chain[last - 1][2]:
        last -= 1
    return first, last


def _extend_exact(query: str, source: str, p: Passage) -> Passage:
    """Grow a passage over identical characters at both ends (LCS may have matched an edge character
    to an equal neighbour instead, leaving it out of the passage)."""
    start, s_start, end, s_end, matched = p.start, p.source_start, p.end, p.source_end, p.matched
    while start > 0 and s_start > 0 and query[start - 1] == source[s_start - 1]:
        start, s_start, matched = start - 1, s_start - 1, matched + 1
    while end < len(query) and s_end < len(source) and query[end] == source[s_end]:
        end, s_end, matched = end + 1, s_end + 1, matched + 1
    return Passage(start, end, s_start, s_end, matched)


def align_region(
    query: str,
    source: str,
    q_range: tuple[int, int],
    s_range: tuple[int, int],
    params: AlignParams = DEFAULT_ALIGN,
) -> list[Passage]:
    """Passages within the given ranges of both texts; a range is widened while a passage touches its
    edge, so a copy is followed to its real ends however far they lie from the seeds."""
    (qa, qb), (sa, sb) = q_range, s_range
    growth = params.margin
    while True:
        blocks = _matching_blocks(query[qa:qb], source[sa:sb])
        found = [
            Passage(p.start + qa, p.end + qa, p.source_start + sa, p.source_end + sa, p.matched)
            for p in chain_blocks(blocks, params) + (chain_blocks(blocks, params, inserts=True) if params.max_insert else [])
        ]
        # Within ``max_insert`` of an edge counts as touching it: a copy padded with filler may end on
        # a filler the region cut off.
        near = params.max_insert
        touching_start = any((p.start <= qa + near and qa > 0) or (p.source_start == sa and sa > 0) for p in found)
        touching_end = any(
            (p.end >= qb - near and qb < len(query)) or (p.source_end == sb and sb < len(source)) for p in found
        )
        if not (touching_start or touching_end):
            return [_extend_exact(query, source, p) for p in found]
        growth *= 2
        if touching_start:
            qa, sa = max(0, qa - growth), max(0, sa - growth)
        if touching_end:
            qb, sb = min(len(query), qb + growth), min(len(source), sb + growth)


def align_passages(
    query: str,
    source: str,
    seeds: Iterable[tuple[int, int]],
    k: int,
    params: AlignParams = DEFAULT_ALIGN,
) -> list[Passage]:
    """Copied passages between normalised ``query`` and ``source`` around the seed k-gram matches.

    Passages of different runs may overlap (a source repeating itself); callers take unions.
    """
    passages: list[Passage] = []
    margin = params.margin
    for run in seed_runs(seeds, params):
        if any(p.start <= run.q_first and run.q_last + k <= p.end and p.source_start <= run.s_first
               and run.s_last + k <= p.source_end for p in passages):
            continue  # already inside a passage found from another run (a copy with drifting diagonal)
        q_range = (max(0, run.q_first - margin), min(len(query), run.q_last + k + margin))
        s_range = (max(0, run.s_first - margin), min(len(source), run.s_last + k + margin))
        passages.extend(align_region(query, source, q_range, s_range, params))
    return sorted(set(passages))
