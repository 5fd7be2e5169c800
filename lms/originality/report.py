"""The originality check of one submission (J11) and its report.

``check`` normalises the text, masks boilerplate (the assignment's prompt, registered templates), looks
the remaining k-grams up in the fingerprint store, aligns the best-ranked earlier documents and measures
the union of copied characters over the countable ones. Character sets are Python integers used as bit
sets (bit i = normalised character i): unions, differences and counts are single C operations.

The verdict is decided in integers, never floats: suspected when ``copied * 10 > countable * 3``, so
exactly 30% is original and anything above is suspected (docs/RULES.md J11: "may not exceed 30%").
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

from .align import DEFAULT_ALIGN, AlignParams, Passage, align_passages
from .fingerprint import BASE, DEFAULT_PARAMS, MODULUS, FingerprintParams, kgram_positions
from .index import Candidate, FingerprintStore, SourceDocument, SourceKind, find_candidates
from .insertions import decimated, decimations, filler_characters, without
from .normalize import NormalizedText, normalize, normalize_plain, quoted_ranges, written_length
from .words import whole_words

SUSPECT_NUMERATOR, SUSPECT_DENOMINATOR = 3, 10  # J11: more than 30% copied
# Within 28%-32% the measurement (passage edges, light edits) is too close to call: the report says
# "borderline" and the submission waits for its tutor, whichever side of 30% it fell on.
BORDERLINE_LOW, BORDERLINE_HIGH = 28, 32  # percent, both included
# Stands in for masked (boilerplate) characters: a control character never survives normalisation, so
# it matches nothing in any source and splits any passage running into the boilerplate.
_MASK = "\x00"


@dataclass(frozen=True, slots=True)
class CheckSettings:
    fingerprint: FingerprintParams = DEFAULT_PARAMS
    align: AlignParams = DEFAULT_ALIGN
    # Candidates are aligned, strongest remaining evidence first, until none is left whose seeds are not
    # already explained by a passage found (adaptive stop); this bound only guards against a
    # pathological corpus. 40 sources of a patchwork are all aligned.
    candidates: int = 2000
    # The first ``always`` candidates are aligned whatever their evidence (as when 20 was the cap);
    # beyond them, only while the strongest remaining evidence is at least ``min_evidence`` (about one
    # k-gram no other document holds): weaker ones are chance phrases that
    # could only add chance passages.
    always: int = 20
    min_evidence: float = 8.0
    fetch_batch: int = 32  # candidate texts fetched per round trip to the store
    probe_spacing: int = 256  # query characters between probes of the decimated views (0: no probing)
    probe_hits: int = 2  # probes found in the corpus that make a decimated view worth a full lookup


DEFAULT_SETTINGS = CheckSettings()


@dataclass(frozen=True, slots=True)
class Match:
    """One copied passage. ``start``/``end`` index the submission's original text and
    ``source_start``/``source_end`` the source's original text: what is marked, side by side, narrowed to
    whole words (``words.whole_words``). The ``norm_*`` fields are the passage as aligned, in normalised
    characters: what the copied ratio counts (a word only partly repeated at either end counts its
    repeated characters but is not marked)."""

    source_type: SourceKind
    source_id: int
    self_copy: bool
    start: int
    end: int
    source_start: int
    source_end: int
    norm_start: int
    norm_end: int
    norm_source_start: int
    norm_source_end: int


@dataclass(frozen=True, slots=True)
class SourceSummary:
    source_type: SourceKind
    source_id: int
    owner_id: int
    self_copy: bool
    covered: int  # countable characters of the submission matched in this source
    attributed: int  # of those, the ones no older source also covers
    ratio: float  # covered / countable


@dataclass(frozen=True, slots=True)
class OriginalityReport:
    countable: int  # normalised characters outside boilerplate
    copied: int  # countable characters covered by a passage of any source
    copied_without_self: int  # … of a source that is not the learner's own work
    copied_without_quoted: int  # … outside quotation marks
    largest_source: int  # the most characters covered by any single source
    sources: list[SourceSummary] = field(default_factory=list)  # attributed characters, most first
    matches: list[Match] = field(default_factory=list)  # in submission order
    boilerplate: list[tuple[int, int]] = field(default_factory=list)  # masked, original coordinates
    quoted_common: int = 0  # normalised characters repeating a common quotation (outside boilerplate)
    quotations: list[tuple[int, int]] = field(default_factory=list)  # those passages, original coordinates
    invisible: int = 0  # default-ignorable characters dropped from the text (invisible padding)
    fillers: list[str] = field(default_factory=list)  # visible characters found inserted every few characters
    written: int = 0  # characters written (normalize.written_length: the editor's count and the minimum length's)

    @property
    def suspected(self) -> bool:
        return _suspected(self.copied, self.countable)

    @property
    def verdict(self) -> str:
        return "suspected" if self.suspected else "original"

    @property
    def copied_ratio(self) -> float:
        return _ratio(self.copied, self.countable)

    @property
    def ratio_without_self_copies(self) -> float:
        return _ratio(self.copied_without_self, self.countable)

    @property
    def ratio_without_quoted(self) -> float:
        return _ratio(self.copied_without_quoted, self.countable)

    @property
    def largest_source_ratio(self) -> float:
        return _ratio(self.largest_source, self.countable)

    @property
    def ratio_with_quotations(self) -> float:
        """The ratio had common quotations counted as copied text (they repeat a published text)."""
        return _ratio(self.copied + self.quoted_common, self.countable + self.quoted_common)

    @property
    def borderline(self) -> bool:
        """Too close to 30% for the machine to decide: the tutor decides."""
        return (self.countable > 0 and self.copied * 100 >= self.countable * BORDERLINE_LOW
                and self.copied * 100 <= self.countable * BORDERLINE_HIGH)

    def to_dict(self) -> dict:
        """The API's ``originality`` object (docs/API.md) plus the full report's fields."""
        return {
            "copied_ratio": self.copied_ratio,
            "verdict": self.verdict,
            "countable_chars": self.countable,
            "copied_chars": self.copied,
            "ratio_without_self_copies": self.ratio_without_self_copies,
            "ratio_without_quoted": self.ratio_without_quoted,
            "largest_source_ratio": self.largest_source_ratio,
            "sources": [asdict(s) for s in self.sources],
            "matches": [asdict(m) for m in self.matches],
            "boilerplate": [list(r) for r in self.boilerplate],
            "borderline": self.borderline,
            "ratio_with_quotations": self.ratio_with_quotations,
            "quoted_common_chars": self.quoted_common,
            "quotations": [list(r) for r in self.quotations],
            "invisible_chars": self.invisible,
            "fillers": list(self.fillers),
            "written_chars": self.written,
        }


def _suspected(copied: int, countable: int) -> bool:
    return copied * SUSPECT_DENOMINATOR > countable * SUSPECT_NUMERATOR


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _bits(start: int, end: int) -> int:
    return ((1 << (end - start)) - 1) << start


def _bits_of(ranges) -> int:
    mask = 0
    for start, end in ranges:
        mask |= _bits(start, end)
    return mask


def boilerplate_ranges(
    query: str,
    boilerplate: Sequence[str],
    settings: CheckSettings,
    query_kgrams: Mapping[int, list[int]] | None = None,
) -> list[tuple[int, int]]:
    """Passages of normalised ``query`` that repeat a boilerplate text, even lightly edited."""
    k = settings.fingerprint.k
    if query_kgrams is None:
        query_kgrams = kgram_positions(query, k)
    ranges: list[tuple[int, int]] = []
    for text in boilerplate:
        normal = normalize_plain(text)
        if not normal:
            continue
        if len(normal) < settings.align.min_length:
            # Too short to align (a heading of a registered template): mask its exact occurrences.
            start = query.find(normal)
            while start != -1:
                ranges.append((start, start + len(normal)))
                start = query.find(normal, start + len(normal))
            continue
        seeds = [
            (q, b)
            for value, positions in kgram_positions(normal, k).items()
            for q in query_kgrams.get(value, ())[:4]
            for b in positions[:4]
        ]
        if seeds:
            ranges.extend((p.start, p.end) for p in align_passages(query, normal, seeds, k, settings.align))
    return ranges


def _masked(text: str, ranges: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in ranges:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _unmasked_kgrams(
    kgrams: dict[int, list[int]], ranges: list[tuple[int, int]], k: int
) -> dict[int, list[int]]:
    """Query k-grams, with the positions touching masked boilerplate left out."""
    if not ranges:
        return kgrams
    touching = set().union(*(range(max(0, start - k + 1), end) for start, end in ranges))
    kept = {}
    for value, positions in kgrams.items():
        if len(positions) > 1 or positions[0] in touching:
            positions = [p for p in positions if p not in touching]
            if not positions:
                continue
        kept[value] = positions
    return kept


def check(
    text: str,
    store: FingerprintStore,
    *,
    owner_id: int,
    boilerplate: Sequence[str] = (),
    quotations: Sequence[str] = (),
    excluded: Collection[int] = (),
    settings: CheckSettings = DEFAULT_SETTINGS,
) -> OriginalityReport:
    """Check the original ``text`` of a submission by ``owner_id`` against the indexed corpus.

    ``boilerplate``: the assignment's prompt and admin-registered templates; characters repeating them
    count neither as countable nor as copied. ``excluded``: document ids never counted as sources (the
    learner's earlier versions of this submission, the submission itself if already indexed).
    ``quotations``: the province's common quotations (policy texts everybody cites); a passage
    repeating one is left out of both sides like boilerplate, and reported apart.
    """
    normalized = normalize(text)
    k = settings.fingerprint.k
    kgrams = kgram_positions(normalized.text, k)
    masked_ranges = boilerplate_ranges(normalized.text, boilerplate, settings, kgrams) if boilerplate else []
    quoted = boilerplate_ranges(normalized.text, quotations, settings, kgrams) if quotations else []
    boilerplate_mask = _bits_of(masked_ranges)
    quoted_mask = _bits_of(quoted) & ~boilerplate_mask
    countable_mask = _bits(0, len(normalized)) & ~boilerplate_mask & ~quoted_mask
    masked_ranges = masked_ranges + quoted
    masked = _masked(normalized.text, masked_ranges)

    lookups = _unmasked_kgrams(kgrams, masked_ranges, k)
    fillers = filler_characters(masked)
    if fillers:  # also look the text up without its fillers, positions mapped back
        view, kept = without(masked, fillers)
        lookups = {value: list(positions) for value, positions in lookups.items()}
        for value, positions in kgram_positions(view, k).items():
            lookups.setdefault(value, []).extend(kept[p] for p in positions)
    if settings.probe_spacing:
        lookups = _with_decimations(masked, lookups, store, settings)
    candidates = find_candidates(lookups, store, excluded=set(excluded))
    found = _align_sources(masked, candidates, store, settings)
    report = _report(text, normalized, owner_id, countable_mask, masked_ranges[: len(masked_ranges) - len(quoted)],
                     found)
    return replace(report, quoted_common=quoted_mask.bit_count(), invisible=normalized.ignorable,
                   quotations=[normalized.original_span(a, b) for a, b in _merged(quoted)],
                   fillers=sorted(fillers), written=written_length(text))


def _with_decimations(
    query: str, lookups: dict[int, list[int]], store: FingerprintStore, settings: CheckSettings
) -> dict[int, list[int]]:
    """Add the k-grams of every decimated view (one character dropped in each period: any filler,
    even a different random one each time, after every few characters) in which probes find the corpus.

    A probe is the minimal hash of one window of ``w`` k-grams of a view: every window of a source has
    its minimum among the source's fingerprints (the winnowing guarantee), so inside a copy whose
    inserted characters sit where the view drops them, every probe hits. One probe every
    ``probe_spacing`` characters of each of the 35 views costs one lookup of about 1,600 hashes for a
    3,000-character text; only a view with ``probe_hits`` hits is looked up in full. An ordinary text's
    views are gibberish and find nothing.
    """
    k = settings.fingerprint.k
    probes = _decimation_probes(query, settings.fingerprint, settings.probe_spacing)
    hits: dict[tuple[int, int], int] = {}
    for value in store.lookup(probes.keys()):
        for view in probes[value]:
            hits[view] = hits.get(view, 0) + 1
    chosen = [view for view, count in hits.items() if count >= settings.probe_hits]
    if not chosen:
        return lookups
    lookups = {value: list(positions) for value, positions in lookups.items()}
    for period, phase in chosen:
        view, kept = decimated(query, period, phase)
        for value, positions in kgram_positions(view, k).items():
            lookups.setdefault(value, []).extend(kept[p] for p in positions)
    return lookups


def _decimation_probes(query: str, params: FingerprintParams, spacing: int) -> dict[int, set[tuple[int, int]]]:
    """Probe hash -> the (period, phase) views it stands for; a tight loop, as this runs on every check."""
    k, w = params.k, params.w
    size = k + w - 1  # view characters of one window
    modulus, base = MODULUS, BASE
    shift = pow(base, k, modulus)
    codes = list(map(ord, query))
    probes: dict[int, set[tuple[int, int]]] = {}
    for start in range(0, max(1, len(codes) - 2 * size + 1), spacing):
        segment = codes[start : start + 2 * size]
        for period, phase in decimations(len(segment)):
            view = segment[:]
            del view[(phase - start) % period::period]  # in C: a comprehension testing each index cost a fifth more
            if len(view) < size:
                continue
            prefix = [0]
            h = 0
            for c in view[:size]:
                h = (h * base + c) % modulus
                prefix.append(h)
            low = min((prefix[i + k] - prefix[i] * shift) % modulus for i in range(w))
            probes.setdefault(low, set()).add((period, phase))
    return probes


def _align_sources(
    query: str, candidates: list[Candidate], store: FingerprintStore, settings: CheckSettings
) -> list[tuple[SourceDocument, list[Passage]]]:
    """Align candidates greedily, strongest *remaining* evidence first, while any candidate has a seed
    no passage found so far explains (at most ``settings.candidates``, a safety bound).

    When hundreds of documents hold the same copied passage (a model essay and its copies), aligning one
    of them explains the passage: the others' seeds there stop counting unless they are older (an older
    holder takes the attribution), so the alignments go to other passages and other sources instead of
    the same passage's copies. Evidence only shrinks as claims grow, so a lazily re-scored heap suffices.
    """
    nobody = 1 << 62
    claimed = [nobody] * len(query)  # per query character: the oldest source aligned over it
    heap = [(-c.evidence(), c.doc_id, i) for i, c in enumerate(candidates)]
    heapq.heapify(heap)
    documents: dict[int, SourceDocument] = {}
    found: list[tuple[SourceDocument, list[Passage]]] = []
    aligned = 0
    while heap and aligned < settings.candidates:
        _, doc_id, i = heapq.heappop(heap)
        evidence = candidates[i].evidence(claimed)
        if evidence <= 0:
            continue
        if heap and (-evidence, doc_id) > heap[0][:2]:
            heapq.heappush(heap, (-evidence, doc_id, i))  # stale: another candidate is now stronger
            continue
        if aligned >= settings.always and evidence < settings.min_evidence:
            break  # the strongest remaining candidate is chance: none after it can change the result
        if doc_id not in documents:  # fetch the likely next ones in the same round trip
            wanted = [doc_id] + [item[1] for item in heapq.nsmallest(settings.fetch_batch, heap)]
            documents.update(store.documents([d for d in wanted if d not in documents]))
        document = documents.get(doc_id)
        if document is None:
            continue
        aligned += 1
        passages = align_passages(
            query, normalize_plain(document.text), candidates[i].seed_pairs(), settings.fingerprint.k,
            settings.align,
        )
        if passages:
            found.append((document, passages))
            for p in passages:
                claimed[p.start : p.end] = [min(c, doc_id) for c in claimed[p.start : p.end]]
    return found


def _is_self(document: SourceDocument, owner_id: int) -> bool:
    return document.kind == "submission" and document.owner_id == owner_id


def _report(
    text: str,
    normalized: NormalizedText,
    owner_id: int,
    countable_mask: int,
    masked_ranges: list[tuple[int, int]],
    found: list[tuple[SourceDocument, list[Passage]]],
) -> OriginalityReport:
    countable = countable_mask.bit_count()
    # Oldest first: each character is attributed to the oldest source covering it.
    found.sort(key=lambda item: item[0].doc_id)
    copied_mask = others_mask = 0
    sources: list[SourceSummary] = []
    matches: list[Match] = []
    for document, passages in found:
        covered_mask = _bits_of((p.start, p.end) for p in passages) & countable_mask
        if not covered_mask:
            continue
        self_copy = _is_self(document, owner_id)
        attributed = (covered_mask & ~copied_mask).bit_count()
        copied_mask |= covered_mask
        if not self_copy:
            others_mask |= covered_mask
        covered = covered_mask.bit_count()
        sources.append(
            SourceSummary(
                document.kind, document.doc_id, document.owner_id, self_copy, covered, attributed,
                _ratio(covered, countable),
            )
        )
        matches.extend(_matches(text, normalized, document, passages, self_copy))
    quoted_mask = _bits_of(quoted_ranges(text, normalized))
    sources.sort(key=lambda s: (-s.attributed, -s.covered, s.source_id))
    matches.sort(key=lambda m: (m.norm_start, m.norm_end, m.source_id))
    return OriginalityReport(
        countable=countable,
        copied=copied_mask.bit_count(),
        copied_without_self=others_mask.bit_count(),
        copied_without_quoted=(copied_mask & ~quoted_mask).bit_count(),
        largest_source=max((s.covered for s in sources), default=0),
        sources=sources,
        matches=matches,
        boilerplate=[normalized.original_span(a, b) for a, b in _merged(masked_ranges)],
    )


def _matches(
    text: str, normalized: NormalizedText, document: SourceDocument, passages: list[Passage], self_copy: bool
) -> list[Match]:
    source = normalize(document.text)  # with offsets, now that the source is known to matter
    matches = []
    for p in passages:
        aligned_start, aligned_end = normalized.original_span(p.start, p.end)
        start, end = whole_words(text, aligned_start, aligned_end)
        # The source side is narrowed by as many normalised characters: a passage begins and ends with a
        # block of characters matching one for one, so the same characters are left out on both sides.
        norm_start, norm_end = normalized.normalized_span(start, end)
        source_norm_start = min(p.source_start + max(0, norm_start - p.start), p.source_end - 1)
        source_norm_end = max(p.source_end - max(0, p.end - norm_end), source_norm_start + 1)
        source_start, source_end = source.original_span(source_norm_start, source_norm_end)
        matches.append(
            Match(
                document.kind, document.doc_id, self_copy, start, end, source_start, source_end,
                p.start, p.end, p.source_start, p.source_end,
            )
        )
    return matches


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
