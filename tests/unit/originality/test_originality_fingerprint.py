"""Winnowing fingerprints: stable hashes and the 20-character guarantee."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.originality.fingerprint import (
    DEFAULT_PARAMS,
    GUARANTEE_LIMIT,
    FingerprintParams,
    fingerprints,
    kgram_hashes,
    kgram_positions,
    winnow,
)


def test_default_parameters_keep_the_guarantee_at_twenty():
    assert DEFAULT_PARAMS.guarantee == DEFAULT_PARAMS.w + DEFAULT_PARAMS.k - 1 <= GUARANTEE_LIMIT == 20


def test_parameters_beyond_the_guarantee_are_refused():
    with pytest.raises(ValueError):
        FingerprintParams(k=10, w=12)


def test_hashes_are_stable_across_processes_and_fit_a_signed_bigint():
    # Stored in the database: these exact values must never change under the same scheme name.
    assert DEFAULT_PARAMS.scheme == "winnow-p61-k8-w13-v1"
    hashes = kgram_hashes("教育是国家发展的根本", 8)
    assert hashes == [2146599560937962676, 1488245796977445005, 1773157347979424130]
    assert all(0 <= h < 2**63 for h in hashes)


def test_kgram_hashes_are_position_independent():
    assert kgram_hashes("甲乙丙丁戊己庚辛", 8) == kgram_hashes("前言甲乙丙丁戊己庚辛后记", 8)[2:3]


def test_short_texts():
    assert kgram_hashes("甲乙", 8) == []
    assert fingerprints("甲乙") == []
    assert len(fingerprints("甲乙丙丁戊己庚辛壬")) == 1  # fewer k-grams than a window: the minimum


def test_robust_winnowing_on_repetitive_text_records_few_fingerprints():
    rows = fingerprints("哈" * 200)
    assert {h for h, _ in rows} == {kgram_hashes("哈" * 8, 8)[0]}
    assert len(rows) <= 200 // DEFAULT_PARAMS.w + 1


def test_kgram_positions_lists_every_occurrence():
    positions = kgram_positions("甲乙丙丁戊己庚辛X甲乙丙丁戊己庚辛", 8)
    assert positions[kgram_hashes("甲乙丙丁戊己庚辛", 8)[0]] == [0, 9]


@given(st.lists(st.integers(0, 5), min_size=13, max_size=300))
def test_every_window_holds_a_selected_minimum(hashes):
    w = 13
    selected = winnow(hashes, w)
    positions = [p for _, p in selected]
    assert positions == sorted(set(positions))
    for start in range(len(hashes) - w + 1):
        window = hashes[start : start + w]
        assert any(start <= p < start + w and h == min(window) for h, p in selected)


def texts(min_size=0):
    # A few dozen CJK characters, and a two-letter alphabet whose repetitions make hash ties common.
    cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E00 + 40)
    return st.one_of(
        st.text(alphabet=cjk, min_size=min_size, max_size=300),
        st.text(alphabet="甲乙", min_size=min_size, max_size=200),
    )


@settings(max_examples=300)
@given(texts(), texts(), texts(), texts(), texts(min_size=GUARANTEE_LIMIT))
def test_any_shared_run_of_twenty_characters_shares_a_fingerprint(a, b, c, d, shared):
    first = fingerprints(a + shared + b)
    second = fingerprints(c + shared + d)
    assert {h for h, _ in first} & {h for h, _ in second}
