"""Copied passages are marked in whole words (jieba), while the ratio counts the characters aligned."""

import subprocess
import sys

from lms.originality import words
from lms.originality.index import FingerprintIndex, SourceDocument
from lms.originality.report import check
from lms.originality.words import whole_words, word_at

LEARNER, OTHER = 1, 2


def _check(source: str, text: str):
    index = FingerprintIndex(bucket_bits=6)
    index.add(SourceDocument(1, OTHER, "submission", source))
    return check(text, index, owner_id=LEARNER)


def test_words_of_chinese_sentences():
    text = "在新课改背景下，教师应当精心进行教学设计，努力营造高效课堂氛围。"
    assert text[slice(*word_at(text, text.index("堂")))] == "课堂"
    assert text[slice(*word_at(text, text.index("课堂")))] == "课堂"
    assert text[slice(*word_at(text, text.index("课")))] == "新课改"
    assert text[slice(*word_at(text, text.index("设")))] == "设计"
    assert text[slice(*word_at(text, text.index("，")))] == "，"  # punctuation is a word by itself
    assert text[slice(*word_at(text, 0))] == "在"


def test_traditional_characters_are_segmented_as_their_simplified_words():
    text = "營造高效課堂氛圍"
    assert text[slice(*word_at(text, text.index("堂")))] == "課堂"


def test_a_range_is_narrowed_to_the_whole_words_inside_it():
    text = "努力营造高效课堂氛围"
    cut = text.index("堂")  # between 课 and 堂
    assert text[slice(*whole_words(text, 0, cut))] == "努力营造高效"
    assert text[slice(*whole_words(text, cut, len(text)))] == "氛围"
    assert text[slice(*whole_words(text, 2, len(text)))] == text[2:]  # already on word boundaries
    assert whole_words(text, cut - 1, cut) == (cut - 1, cut)  # no whole word inside: left as it was


def test_a_copy_ending_between_课_and_堂_is_marked_up_to_the_word_before_and_counts_what_was_aligned():
    # The learner wrote 课堂 where the source has 课程: 课 still matches, 堂 does not.
    source = "教师应当精心进行教学设计，努力营造高效课程，让每一个学生都能积极参与。"
    text = "在新课改背景下，教师应当精心进行教学设计，努力营造高效课堂氛围，这是我的体会。"
    report = _check(source, text)
    (match,) = report.matches
    assert text[match.start:match.end] == "教师应当精心进行教学设计，努力营造高效"
    assert source[match.source_start:match.source_end] == "教师应当精心进行教学设计，努力营造高效"
    # The ratio counts the aligned characters, 课 included (docs/ORIGINALITY.md).
    assert match.norm_end - match.norm_start == report.copied == len("教师应当精心进行教学设计努力营造高效课")


def test_a_copy_starting_inside_a_word_is_marked_from_the_next_word():
    source = "大学生要在课堂上积极思考，勇于表达自己的观点，与同伴合作探究。"
    text = "作为中学生要在课堂上积极思考，勇于表达自己的观点。"
    report = _check(source, text)
    (match,) = report.matches
    assert text[match.start:match.end] == "要在课堂上积极思考，勇于表达自己的观点"
    assert source[match.source_start:match.source_end] == "要在课堂上积极思考，勇于表达自己的观点"
    assert report.copied == len("学生要在课堂上积极思考勇于表达自己的观点")


def test_every_mark_begins_and_ends_on_a_word_boundary():
    source = ("新课程改革强调以学生为中心，教师要转变教学观念。在课堂教学中，教学设计应当关注学生的已有经验，"
              "创设真实的问题情境，引导学生合作探究，让学生在活动中建构知识、发展能力。")
    text = ("我校近年来积极推进课改。教师要转变教学观念，在课堂教学里，教学设计应当关注学生的已有经验，"
            "创设真实的问题情景，引导学生合作探究，让学生在实践中建构知识、发展素养。")
    report = _check(source, text)
    assert report.matches
    for m in report.matches:
        assert word_at(text, m.start)[0] == m.start and word_at(text, m.end - 1)[1] == m.end


def test_jieba_is_loaded_once_and_quietly():
    assert words._jieba() is words._jieba()
    code = "from lms.originality.words import word_at; print(word_at('课堂教学', 1))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "(0, 4)" and done.stderr == ""
