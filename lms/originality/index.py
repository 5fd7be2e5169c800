"""The fingerprint index: which earlier documents hold a fingerprint, and which of them to align.

The engine never owns storage. It asks a ``FingerprintStore`` for the postings of a set of hashes and for
the documents it decides to align; the database-backed store (a table of ``(hash, doc_id, pos)`` rows
indexed on ``hash``) and the in-memory ``FingerprintIndex`` below (tests, benchmark) both implement it.

Posting lists are capped, and the cap keeps the *oldest* holders: when hundreds of learners hand in the
same model essay, a new copy must still find the original (the oldest holder), and the work per hash
stays bounded. The frequency keeps counting past the cap so that such hashes weigh little in ranking.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol

from .fingerprint import DEFAULT_PARAMS, Fingerprint, FingerprintParams, fingerprints
from .normalize import normalize_plain

SourceKind = Literal["submission", "reference"]

DEFAULT_POSTING_CAP = 32


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """An earlier text of the corpus: a learner's submission or an admin's reference text.

    ``doc_id`` is a corpus-wide number given in creation order (one serial for submissions and
    reference texts alike): a smaller id is an older document, and a character copied from several
    sources is attributed to the oldest.
    """

    doc_id: int
    owner_id: int
    kind: SourceKind
    text: str


class Postings(NamedTuple):
    holders: list[tuple[int, int]]  # (doc_id, position), oldest first, at most the cap
    frequency: int  # every holder ever added, including those beyond the cap


class FingerprintStore(Protocol):
    """What the check needs from storage. A database implementation, with a table
    ``fingerprints(hash BIGINT, doc_id INT, pos INT)`` indexed on ``hash``:

    - ``lookup``: one ``SELECT hash, doc_id, pos … WHERE hash = ANY(:hashes)``, keeping per hash the
      ``cap`` rows of the oldest documents (refuse the insert once a hash has ``cap`` rows and count the
      rest in a ``(hash, frequency)`` table, or rank with ``row_number() OVER (PARTITION BY hash …)``);
    - ``document_count``: the number of indexed documents (for idf);
    - ``documents``: the texts and owners of the few candidates chosen for alignment.
    Rows come from ``index_fingerprints(text)``.
    """

    def lookup(self, hashes: Collection[int]) -> Mapping[int, Postings]:
        """Postings of those ``hashes`` that any document holds; absent hashes are left out."""
        ...

    def document_count(self) -> int: ...

    def documents(self, doc_ids: Collection[int]) -> Mapping[int, SourceDocument]: ...


def index_fingerprints(text: str, params: FingerprintParams = DEFAULT_PARAMS) -> list[Fingerprint]:
    """The ``(hash, position)`` rows to store for a document's original ``text``."""
    return fingerprints(normalize_plain(text), params)


class FingerprintIndex:
    """In-memory ``FingerprintStore``: compact enough for 100,000 documents in one process.

    Postings live in ``2**bucket_bits`` buckets chosen by the low hash bits. A bucket is a ``bytearray``
    of 8-byte hashes, searched with ``bytearray.find`` at C speed, and a parallel ``array`` of holders
    packed as ``document_sequence << 32 | position``: 16 bytes a posting instead of ~100 for a dict.
    Documents must be added oldest first, so a bucket's holders are in age order and the cap keeps the
    oldest ones by simply refusing appends.
    """

    def __init__(
        self,
        params: FingerprintParams = DEFAULT_PARAMS,
        *,
        posting_cap: int = DEFAULT_POSTING_CAP,
        bucket_bits: int = 16,
    ) -> None:
        if posting_cap < 1:
            raise ValueError("posting_cap must be at least 1")
        self.params = params
        self.posting_cap = posting_cap
        self._mask = (1 << bucket_bits) - 1
        self._hashes = [bytearray() for _ in range(1 << bucket_bits)]
        self._holders = [array("q") for _ in range(1 << bucket_bits)]
        self._overflow: dict[int, int] = {}  # hash -> holders refused by the cap
        self._documents: list[SourceDocument] = []  # by sequence number
        self._sequence: dict[int, int] = {}  # doc_id -> sequence number
        self.posting_count = 0

    def __len__(self) -> int:
        return len(self._documents)

    def __contains__(self, doc_id: int) -> bool:
        return doc_id in self._sequence

    def add(self, document: SourceDocument, rows: list[Fingerprint] | None = None) -> None:
        """Index ``document`` (``rows`` may be passed when already computed, e.g. in another process)."""
        if document.doc_id in self._sequence:
            raise ValueError(f"document {document.doc_id} is already indexed")
        if self._documents and document.doc_id < self._documents[-1].doc_id:
            raise ValueError("documents must be added in doc_id order (the posting cap keeps the oldest)")
        sequence = len(self._documents)
        self._documents.append(document)
        self._sequence[document.doc_id] = sequence
        if rows is None:
            rows = index_fingerprints(document.text, self.params)
        cap, mask, overflow = self.posting_cap, self._mask, self._overflow
        for value, position in rows:
            bucket = value & mask
            key = value.to_bytes(8, "little")
            buffer = self._hashes[bucket]
            if value in overflow or _count(buffer, key) >= cap:
                overflow[value] = overflow.get(value, 0) + 1
                continue
            buffer += key
            self._holders[bucket].append(sequence << 32 | position)
            self.posting_count += 1

    def lookup(self, hashes: Collection[int]) -> dict[int, Postings]:
        found: dict[int, Postings] = {}
        mask, documents, overflow = self._mask, self._documents, self._overflow
        buffers, holder_arrays = self._hashes, self._holders
        for value in hashes:
            key = value.to_bytes(8, "little")
            buffer = buffers[value & mask]
            if buffer.find(key) == -1:  # most k-grams of a text are nowhere else: one C call
                continue
            holders = holder_arrays[value & mask]
            packed = [holders[i] for i in _find_all(buffer, key)]
            if packed:
                found[value] = Postings(
                    [(documents[p >> 32].doc_id, p & 0xFFFFFFFF) for p in packed],
                    len(packed) + overflow.get(value, 0),
                )
        return found

    def document_count(self) -> int:
        return len(self._documents)

    def documents(self, doc_ids: Collection[int]) -> dict[int, SourceDocument]:
        return {i: self._documents[self._sequence[i]] for i in doc_ids if i in self._sequence}

    def memory_bytes(self) -> int:
        """Bytes held by the posting buffers (texts and Python objects not included)."""
        return sum(len(b) for b in self._hashes) + sum(a.itemsize * len(a) for a in self._holders)


def _find_all(buffer: bytearray, key: bytes) -> Iterator[int]:
    """Indexes of the 8-byte entries equal to ``key`` (a byte match across two entries is skipped)."""
    start = buffer.find(key)
    while start != -1:
        if start % 8 == 0:
            yield start // 8
            start = buffer.find(key, start + 8)
        else:
            start = buffer.find(key, start + 1)


def _count(buffer: bytearray, key: bytes) -> int:
    return sum(1 for _ in _find_all(buffer, key))


@dataclass(slots=True)
class Candidate:
    """An earlier document sharing k-grams with the checked text, and where: (query position, source
    position, idf of the shared hash) for each shared occurrence."""

    doc_id: int
    seeds: list[tuple[int, int, float]] = field(default_factory=list)

    def evidence(self, claimed: Sequence[int] | None = None) -> float:
        """Idf of the shared k-grams on the best diagonal band.

        A copied passage lines its shared k-grams up on one diagonal (source position - query position,
        give or take the drift of insertions and deletions); a document that merely uses the same
        common phrases here and there scatters them, so it cannot outrank a real source by sheer length.
        With ``claimed`` (per query position, the id of the oldest source already found to cover it),
        only seeds not yet explained by this document or an older one count.
        """
        bands: dict[int, float] = {}
        doc_id = self.doc_id
        for q, s, idf in self.seeds:
            if claimed is not None and claimed[q] <= doc_id:
                continue
            diagonal = s - q
            low, high = diagonal // BAND * 2, (diagonal + BAND // 2) // BAND * 2 + 1
            bands[low] = bands.get(low, 0.0) + idf
            bands[high] = bands.get(high, 0.0) + idf
        return max(bands.values(), default=0.0)

    def seed_pairs(self) -> list[tuple[int, int]]:
        return [(q, s) for q, s, _ in self.seeds]


# Bands of diagonals this wide, overlapping by half, hold the seeds of one lightly edited passage.
BAND = 32
SEEDS_PER_DOCUMENT = 4096  # bounds the work on one pathological (repetitive) pair of texts


def find_candidates(
    query_kgrams: Mapping[int, list[int]],
    store: FingerprintStore,
    *,
    excluded: Collection[int] = (),
    seeds_per_hash: int = 4,
) -> list[Candidate]:
    """Every document sharing a k-gram with the query, strongest evidence first (ties: older first).

    ``query_kgrams`` maps each k-gram hash of the query to its positions. A hash held by few documents
    (idf = log(1 + N / frequency)) is strong evidence; one held by hundreds (a set phrase, a model essay
    everybody copied) weighs little, but still seeds the alignment of its oldest holders.
    ``seeds_per_hash`` bounds the seeds a k-gram repeated in the query contributes.
    """
    postings = store.lookup(query_kgrams.keys())
    total = max(store.document_count(), 1)
    found: dict[int, Candidate] = {}
    for value, (holders, frequency) in postings.items():
        idf = math.log(1 + total / frequency)
        query_positions = query_kgrams[value][:seeds_per_hash]
        for doc_id, source_position in holders:
            if doc_id in excluded:
                continue
            candidate = found.get(doc_id)
            if candidate is None:
                candidate = found[doc_id] = Candidate(doc_id)
            if len(candidate.seeds) < SEEDS_PER_DOCUMENT:
                candidate.seeds.extend((q, source_position, idf) for q in query_positions)
    scored = [(c.evidence(), c) for c in found.values()]
    scored.sort(key=lambda item: (-item[0], item[1].doc_id))
    return [c for _, c in scored]
