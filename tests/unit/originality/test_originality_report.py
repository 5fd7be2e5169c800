"""The check and its ratio on hand-made cases (J11: more than 30% copied is suspected)."""

import random

import opencc
import pytest

from lms.originality.index import FingerprintIndex, SourceDocument
from lms.originality.normalize import fold_char, normalize
from lms.originality.report import check

LEARNER, OTHER, ADMIN = 1, 2, 99


def alphabet(base: int) -> list[str]:
    """1,000 CJK characters that normalise to themselves (so lengths below are normalised lengths)."""
    found = [chr(c) for c in range(base, base + 3000) if fold_char(chr(c)) == chr(c)]
    return found[:1000]


OWN, SOURCE, EDITS = alphabet(0x4E00), alphabet(0x6400), alphabet(0x7A00)


def chars(seed: int, size: int, letters: list[str] = OWN) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(letters) for _ in range(size))


def corpus(*texts: str, owners=None, kinds=None) -> FingerprintIndex:
    index = FingerprintIndex(bucket_bits=6)
    for i, text in enumerate(texts, start=1):
        owner = owners[i - 1] if owners else OTHER
        kind = kinds[i - 1] if kinds else "submission"
        index.add(SourceDocument(i, owner, kind, text))
    return index


def test_an_unrelated_text_is_original():
    index = corpus(chars(1, 500, SOURCE), chars(2, 500, SOURCE))
    report = check(chars(3, 400), index, owner_id=LEARNER)
    assert (report.copied, report.countable, report.copied_ratio) == (0, 400, 0.0)
    assert report.verdict == "original" and report.matches == [] and report.sources == []


@pytest.mark.parametrize("copied, verdict", [(30, "original"), (31, "suspected")])
def test_exactly_thirty_percent_is_original_and_more_is_suspected(copied, verdict):
    source = chars(1, 200, SOURCE)
    own = chars(2, 100 - copied)
    text = own[:35] + source[50 : 50 + copied] + own[35:]
    report = check(text, corpus(source), owner_id=LEARNER)
    assert (report.copied, report.countable) == (copied, 100)
    assert report.verdict == verdict
    assert report.copied_ratio == copied / 100


def test_changed_punctuation_spaces_line_breaks_and_full_width_digits_still_count():
    source = chars(1, 60, SOURCE) + "，2023年9月，" + chars(2, 60, SOURCE) + "。"
    disguised = (
        chars(1, 60, SOURCE)[:30] + " " + chars(1, 60, SOURCE)[30:] + "；\n２０２３年 ９月！"
        + "\r\n".join(chars(2, 60, SOURCE)[i : i + 7] for i in range(0, 60, 7)) + "……"
    )
    text = chars(3, 150) + disguised + chars(4, 150)
    report = check(text, corpus(source), owner_id=LEARNER)
    assert report.copied == len(normalize(source).text) == 60 + 7 + 60
    (match,) = report.matches
    assert normalize(text[match.start : match.end]).text == normalize(source).text


def test_a_copy_in_traditional_characters_counts():
    simplified = "教育是国家发展的根本，教师是立教之本、兴教之源。课堂教学要以学生为中心，关注每一个学生的成长与发展。"
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    text = chars(1, 100) + traditional + chars(2, 100)
    report = check(text, corpus(chars(3, 100, SOURCE) + simplified), owner_id=LEARNER)
    assert report.copied == len(normalize(simplified).text)


def test_the_repeated_prompt_is_excluded_from_both_sides():
    prompt = "请结合本校实际，谈谈你对“双减”背景下作业设计的理解与做法（不少于一千字）。"
    other_learner = prompt + chars(1, 300, SOURCE)
    text = prompt + chars(2, 100)
    index = corpus(other_learner)
    with_prompt = check(text, index, owner_id=LEARNER)
    assert with_prompt.copied == len(normalize(prompt).text)
    report = check(text, index, owner_id=LEARNER, boilerplate=[prompt])
    assert (report.copied, report.countable) == (0, 100)
    assert report.boilerplate == [(0, prompt.index("字") + 1)]  # up to the last countable character


def test_a_lightly_edited_prompt_is_still_boilerplate_but_a_copy_beside_it_counts():
    prompt = chars(9, 60, EDITS)
    source = prompt + chars(1, 300, SOURCE)
    edited_prompt = prompt[:30] + "改" + prompt[31:]
    text = edited_prompt + chars(1, 300, SOURCE)[:50] + chars(2, 100)
    report = check(text, corpus(source), owner_id=LEARNER, boilerplate=[prompt])
    assert report.countable == 150
    assert report.copied == 50


def test_each_character_is_attributed_to_the_oldest_source():
    passage = chars(1, 80, SOURCE)
    oldest = chars(2, 50, SOURCE) + passage
    newer = passage + chars(3, 200, SOURCE)
    text = chars(4, 60) + passage + chars(5, 60)
    report = check(text, corpus(oldest, newer), owner_id=LEARNER)
    assert report.copied == 80
    assert [(s.source_id, s.covered, s.attributed) for s in report.sources][:1] == [(1, 80, 80)]
    assert all(s.attributed == 0 for s in report.sources[1:])


def test_the_oldest_holder_takes_the_attribution_even_when_a_newer_one_matches_more():
    passage, more = chars(1, 80, SOURCE), chars(2, 100, SOURCE)
    oldest = chars(3, 50, SOURCE) + passage
    newer = passage + more  # the learner copied this one, which itself repeats the oldest
    text = chars(4, 60) + passage + more + chars(5, 60)
    report = check(text, corpus(oldest, newer), owner_id=LEARNER)
    assert report.copied == 180
    assert [(s.source_id, s.covered, s.attributed) for s in report.sources] == [(2, 180, 100), (1, 80, 80)]


def test_several_sources_add_up_and_the_largest_is_reported():
    first, second = chars(1, 300, SOURCE), chars(2, 300, SOURCE)
    own = chars(3, 65)
    text = own[:20] + first[10:30] + own[20:40] + second[100:115] + own[40:]
    report = check(text, corpus(first, second), owner_id=LEARNER)
    assert (report.copied, report.countable) == (35, 100)
    assert report.largest_source == 20 and report.largest_source_ratio == 0.2
    assert report.verdict == "suspected"


def test_quoted_passages_are_reported_apart():
    source = chars(1, 300, SOURCE)
    text = chars(2, 40) + "他说：“" + source[100:160] + "”" + chars(3, 40)
    report = check(text, corpus(source), owner_id=LEARNER)
    assert report.copied == 60 and report.verdict == "suspected"
    assert report.copied_without_quoted == 0 and report.ratio_without_quoted == 0.0


def test_a_self_copy_counts_and_is_reported_apart():
    own_earlier_work = chars(1, 300, SOURCE)
    reference = chars(2, 300, SOURCE)
    text = chars(3, 40) + own_earlier_work[:40] + reference[:20] + chars(4, 40)
    index = corpus(own_earlier_work, reference, owners=[LEARNER, LEARNER], kinds=["submission", "reference"])
    report = check(text, index, owner_id=LEARNER)
    assert report.copied == 60 and report.copied_without_self == 20
    assert report.ratio_without_self_copies == 20 / 140
    assert {s.source_id: s.self_copy for s in report.sources} == {1: True, 2: False}


def test_earlier_versions_of_the_same_submission_are_excluded():
    first_version = chars(1, 200)
    index = corpus(first_version, owners=[LEARNER])
    text = first_version + chars(2, 20)
    assert check(text, index, owner_id=LEARNER).copied == 200
    assert check(text, index, owner_id=LEARNER, excluded={1}).copied == 0


@pytest.mark.parametrize("every", [33, 12])  # about 3% and 8% of the characters edited
def test_lightly_edited_copies_count(every):
    source = chars(1, 600, SOURCE)
    rng = random.Random(every)
    copy = list(source[100:400])
    for position in reversed(range(every // 2, len(copy), every)):
        kind = rng.randrange(3)
        if kind == 0:
            copy[position] = rng.choice(EDITS)
        elif kind == 1:
            copy.insert(position, rng.choice(EDITS))
        else:
            del copy[position]
    copy = "".join(copy)
    report = check(chars(2, 200) + copy + chars(3, 200), corpus(source), owner_id=LEARNER)
    assert report.copied >= 0.97 * len(copy)
    assert report.copied <= len(copy)


def test_a_model_essay_copied_by_hundreds_is_still_found_and_credited():
    essay = chars(1, 600, SOURCE)
    index = FingerprintIndex(posting_cap=8, bucket_bits=8)
    index.add(SourceDocument(1, ADMIN, "reference", essay))
    for doc_id in range(2, 302):
        index.add(SourceDocument(doc_id, 1000 + doc_id, "submission", chars(doc_id, 50) + essay))
    text = chars(5000, 100) + essay[:400] + chars(5001, 100)
    report = check(text, index, owner_id=LEARNER)
    assert report.copied == 400
    assert report.sources[0].source_id == 1 and report.sources[0].attributed == 400


def test_matches_locate_the_passage_in_both_original_texts():
    source = chars(1, 50, SOURCE) + "，" + chars(2, 50, SOURCE)
    text = "前言：" + chars(3, 20) + "\n" + chars(1, 50, SOURCE)[20:] + "、 " + chars(2, 50, SOURCE)[:30] + "。"
    report = check(text, corpus(source), owner_id=LEARNER)
    (match,) = report.matches
    copied = normalize(text[match.start : match.end]).text
    assert copied == normalize(source[match.source_start : match.source_end]).text
    assert match.end - match.start == 30 + 2 + 30
    assert (match.source_start, match.source_end) == (20, 81)
    assert (match.source_type, match.source_id, match.self_copy) == ("submission", 1, False)


def test_the_api_shape():
    source = chars(1, 200, SOURCE)
    report = check(chars(2, 50) + source[:50], corpus(source), owner_id=LEARNER)
    answer = report.to_dict()
    assert answer["copied_ratio"] == 0.5 and answer["verdict"] == "suspected"
    (match,) = answer["matches"]
    assert {"source_type", "source_id", "start", "end", "source_start", "source_end"} <= match.keys()


@pytest.mark.parametrize("text", ["", "，。！  \n", "请写一写"])
def test_nothing_countable_is_original(text):
    report = check(text, corpus(chars(1, 100, SOURCE)), owner_id=LEARNER, boilerplate=["请写一写"])
    assert report.countable == 0 and report.copied_ratio == 0.0 and report.verdict == "original"


def test_a_patchwork_of_forty_sources_is_aligned_in_full():
    # No fixed cap on the sources aligned: 40 sources, each a 40-character piece, are all found.
    sources = [chars(100 + i, 300, SOURCE) for i in range(40)]
    index = corpus(*sources)
    pieces = []
    for i, source in enumerate(sources):
        pieces += [chars(200 + i, 40), source[100:140]]
    report = check("".join(pieces), index, owner_id=LEARNER)
    assert len(report.sources) == 40 and report.copied == 1600 and report.countable == 3200


def test_common_quotations_are_left_out_of_both_sides_and_reported():
    policy = chars(300, 200, SOURCE)
    index = corpus(policy, kinds=["reference"])
    text = chars(301, 100) + policy[20:70]
    plain = check(text, index, owner_id=LEARNER)
    assert (plain.copied, plain.countable) == (50, 150)
    quoted = check(text, index, owner_id=LEARNER, quotations=[policy[:100]])
    assert (quoted.copied, quoted.countable, quoted.quoted_common) == (0, 100, 50)
    assert quoted.ratio_with_quotations == 50 / 150 and quoted.quotations == [(100, 150)]
    assert quoted.to_dict()["quoted_common_chars"] == 50


@pytest.mark.parametrize(("copied", "borderline", "suspected"),
                         [(27, False, False), (28, True, False), (30, True, False), (31, True, True),
                          (32, True, True), (33, False, True)])
def test_the_borderline_band_is_28_to_32_percent(copied, borderline, suspected):
    source = chars(400, 200, SOURCE)
    report = check(chars(401, 100 - copied) + source[50:50 + copied], corpus(source), owner_id=LEARNER)
    assert report.copied == copied and report.countable == 100
    assert (report.borderline, report.suspected) == (borderline, suspected)
