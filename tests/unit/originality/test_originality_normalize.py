"""Normalisation: what a learner may change without hiding a copy, and the offset map back."""

from hypothesis import given
from hypothesis import strategies as st

from lms.originality.normalize import normalize, normalize_plain, quoted_ranges, quoted_spans


def test_traditional_becomes_simplified():
    assert normalize("教育是國家發展的根本，頭髮").text == "教育是国家发展的根本头发"


def test_traditional_and_simplified_copies_normalise_alike():
    # Character-by-character conversion: a phrase OpenCC would treat specially (乾隆) still lands on
    # the same characters on both sides.
    assert normalize("乾隆年間的臺灣").text == normalize("乾隆年间的台湾").text


def test_full_width_digits_and_letters_fold_to_ascii_lower_case():
    assert normalize("２０２３年ＡＢＣ版ｄｅｆ").text == "2023年abc版def"


def test_spaces_line_breaks_and_ideographic_spaces_are_dropped():
    assert normalize("教 育\n是\r\n国\u3000家\t发展").text == "教育是国家发展"


def test_changed_punctuation_does_not_matter():
    assert normalize("教师，要关心学生。").text == normalize("教师——要关心学生!").text == "教师要关心学生"


def test_symbols_and_invisible_characters_are_dropped():
    text = "教\u200b育\ufeff是\u00ad国\u2060家★发※展©"
    assert normalize(text).text == "教育是国家发展"


def test_accents_and_compatibility_forms():
    assert normalize("Café").text == normalize("Cafe\u0301").text == "cafe"
    assert normalize("①Ⅻ㈱").text == "1xii株"


def test_offsets_point_at_the_original_characters():
    text = "他說：「教育，是根本。」"
    normalized = normalize(text)
    assert normalized.text == "他说教育是根本"
    assert [text[i] for i in normalized.offsets] == list("他說教育是根本")
    # normalised 教育是 → original 教育，是 (the comma inside is part of the highlighted span)
    assert normalized.original_span(2, 5) == (4, 8)
    assert normalized.normalized_span(4, 8) == (2, 5)


def test_expanding_characters_share_their_offset():
    normalized = normalize("第Ⅻ章")
    assert normalized.text == "第xii章"
    assert normalized.offsets == [0, 1, 1, 1, 2]


def test_plain_normalisation_matches():
    text = "教育是國家發展的根本，２０２３。"
    assert normalize_plain(text) == normalize(text).text


def test_quoted_spans_of_every_kind_and_nesting():
    text = "他说“甲乙”又说「丙『丁』戊」和\"己\"以及＂庚＂"
    spans = [text[a:b] for a, b in quoted_spans(text)]
    assert spans == ["甲乙", "丙『丁』戊", "己", "庚"]


def test_an_unclosed_quotation_quotes_nothing():
    assert quoted_spans("前文“后面全部没有结束的引号") == []


def test_quoted_ranges_are_in_normalised_coordinates():
    text = "他 说：“教育， 是根本”。"
    normalized = normalize(text)
    (start, end), = quoted_ranges(text, normalized)
    assert normalized.text[start:end] == "教育是根本"


text_strategy = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("，。、；：？！“”「」 \n\u3000\u200b０１２ＡＢａｂ12ab")),
        st.characters(),
    ),
    max_size=200,
)


@given(text_strategy)
def test_offsets_are_increasing_and_inside_the_original(text):
    normalized = normalize(text)
    assert len(normalized.offsets) == len(normalized.text)
    assert all(0 <= i < len(text) for i in normalized.offsets)
    assert normalized.offsets == sorted(normalized.offsets)


@given(text_strategy, text_strategy)
def test_normalisation_is_per_character(a, b):
    # What lets a copy be found wherever it is pasted, and benchmarks compute truth piece by piece.
    assert normalize(a + b).text == normalize(a).text + normalize(b).text


@given(text_strategy)
def test_normalisation_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@given(text_strategy)
def test_invisible_characters_are_counted_one_by_one(text):
    from lms.originality.normalize import DEFAULT_IGNORABLE, count_ignorable

    padded = "\u200b".join(text) + "\U000E0020\ufeff"
    for sample in (text, padded):
        assert count_ignorable(sample) == sum(ord(c) in DEFAULT_IGNORABLE for c in sample)


# Default_Ignorable_Code_Point as listed in Unicode's DerivedCoreProperties.txt (15.1).
DERIVED_CORE_PROPERTIES_DI = (
    "00AD 034F 061C 115F..1160 17B4..17B5 180B..180D 180E 180F 200B..200F 202A..202E 2060..2064 2065 "
    "2066..206F 3164 FE00..FE0F FEFF FFA0 FFF0..FFF8 1BCA0..1BCA3 1D173..1D17A E0000 E0001 E0002..E001F "
    "E0020..E007F E0080..E00FF E0100..E01EF E01F0..E0FFF"
)


def test_the_ignorable_set_is_unicodes_default_ignorable_code_points():
    from lms.originality.normalize import DEFAULT_IGNORABLE

    expected = set()
    for item in DERIVED_CORE_PROPERTIES_DI.split():
        first, _, last = item.partition("..")
        expected.update(range(int(first, 16), int(last or first, 16) + 1))
    assert DEFAULT_IGNORABLE == expected


def test_hangul_fillers_are_dropped_counted_and_offsets_still_point_at_the_original():
    text = "教\u3164育\uffa0是\u115f国\u1160家\u200b"
    normalized = normalize(text)
    assert normalized.text == "教育是国家" and normalized.ignorable == 5
    assert [text[i] for i in normalized.offsets] == list("教育是国家")
    assert normalize_plain(text) == "教育是国家"


def test_characters_written_count_letters_and_numbers_once_each():
    from lms.assignments.rules import written_length
    from lms.originality.normalize import written_length as characters_written
    from tests.written_samples import SAMPLES

    assert written_length("教 育\u3164\u200b\ufe0f是。") == 3
    for text, expected in SAMPLES:
        assert characters_written(text) == written_length(text) == expected, text


def test_characters_written_are_the_characters_normalisation_keeps():
    """The rule the editor's counter implements (static/js/essay.js) is exactly the engine's: a character
    counts iff it leaves something in the normalised text. Checked for every code point (Unicode of this
    Python); a character unfolding into several counts once."""
    import sys
    import unicodedata

    from lms.originality.normalize import DEFAULT_IGNORABLE, written_length

    def editor_rule(ch: str) -> bool:
        return ord(ch) not in DEFAULT_IGNORABLE and any(
            unicodedata.category(c)[0] in "LN" and ord(c) not in DEFAULT_IGNORABLE
            for c in unicodedata.normalize("NFKD", ch))

    text = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    kept = {text[i] for i in normalize(text).offsets}
    assert {ch for ch in text if editor_rule(ch)} == kept
    assert written_length(text) == len(kept)

