"""The in-memory fingerprint index and candidate ranking."""

import random

import pytest

from lms.originality.fingerprint import Fingerprint, kgram_positions
from lms.originality.index import FingerprintIndex, SourceDocument, find_candidates, index_fingerprints


def chars(seed: int, size: int, base: int = 0x4E00) -> str:
    rng = random.Random(seed)
    return "".join(chr(base + rng.randrange(1000)) for _ in range(size))


def document(doc_id: int, text: str, owner_id: int = 1) -> SourceDocument:
    return SourceDocument(doc_id, owner_id, "submission", text)


def test_lookup_returns_holders_oldest_first_with_positions():
    index = FingerprintIndex(bucket_bits=4)
    text = chars(1, 300)
    index.add(document(1, text))
    index.add(document(2, "前言" + text))
    rows = index_fingerprints(text)
    postings = index.lookup([h for h, _ in rows] + [12345])
    assert 12345 not in postings
    for value, position in rows:
        holders, frequency = postings[value]
        assert holders[0] == (1, position)
        assert frequency == len(holders) >= 1


def test_the_cap_keeps_the_oldest_holders_and_counts_the_rest():
    index = FingerprintIndex(posting_cap=3, bucket_bits=2)
    for doc_id in range(1, 11):
        index.add(document(doc_id, "x"), rows=[Fingerprint(77, doc_id)])
    holders, frequency = index.lookup([77])[77]
    assert holders == [(1, 1), (2, 2), (3, 3)]
    assert frequency == 10


def test_documents_are_added_once_and_in_age_order():
    index = FingerprintIndex()
    index.add(document(5, chars(1, 50)))
    with pytest.raises(ValueError):
        index.add(document(5, chars(2, 50)))
    with pytest.raises(ValueError):
        index.add(document(4, chars(3, 50)))


def test_hashes_sharing_bytes_across_entries_are_not_confused():
    index = FingerprintIndex(bucket_bits=0)
    a, b = 0x0102030405060708, 0x1112131415161718
    index.add(document(1, "x"), rows=[Fingerprint(a, 0), Fingerprint(b, 1)])
    # The bytes of this hash straddle a and b in the bucket buffer (little-endian): no false hit.
    straddling = int.from_bytes(a.to_bytes(8, "little")[4:] + b.to_bytes(8, "little")[:4], "little")
    assert index.lookup([straddling]) == {}


def test_documents_returns_known_ones():
    index = FingerprintIndex()
    index.add(document(1, "教育"))
    assert set(index.documents([1, 2])) == {1}
    assert 1 in index and len(index) == index.document_count() == 1


def test_a_real_source_outranks_a_document_sharing_scattered_common_phrases():
    common = [chars(100 + i, 8, 0x6000) for i in range(12)]  # set phrases everyone uses
    copied = chars(1, 40)
    query = chars(2, 300) + copied + "".join(common) + chars(3, 300)
    index = FingerprintIndex(bucket_bits=6)
    scattered = "".join(phrase + chars(200 + i, 50, 0x7000) for i, phrase in enumerate(common))
    index.add(document(1, scattered))
    for doc_id in range(2, 40):  # the phrases are common: many documents hold them
        index.add(document(doc_id, "".join(common[::-1]) + chars(doc_id, 30, 0x7000)))
    index.add(document(40, chars(4, 100, 0x7000) + copied + chars(5, 100, 0x7000)))
    ranked = find_candidates(kgram_positions(query, 8), index)
    assert ranked[0].doc_id == 40


def test_excluded_documents_are_no_candidates():
    text = chars(1, 200)
    index = FingerprintIndex()
    index.add(document(1, text))
    index.add(document(2, text))
    ranked = find_candidates(kgram_positions(text, 8), index, excluded={1})
    assert [c.doc_id for c in ranked] == [2]
