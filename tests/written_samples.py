"""Sample texts and their *characters written* (docs/ORIGINALITY.md): the server's rule
(lms.originality.normalize.written_length) and the editor's counter (static/js/essay.js) must both give
these counts (tests/unit/originality/test_originality_normalize.py, tests/e2e/test_written_length.py)."""

SAMPLES = [
    # Chinese prose: punctuation does not count.
    ("课堂提问是教学的重要环节。好的问题能够激发学生思考，引导学生主动探究。", 32),
    ("“教学设计”要以学生为中心——关注每一个学生！", 18),
    # Spaces and line breaks, full-width spaces.
    ("教 学\n设\u3000计\r\n\t中", 5),
    # Invisible padding: zero-width space, BOM, Hangul fillers, variation selector, soft hyphen.
    ("课\u200b堂\ufeff教\u3164学\u115f\u1160\uffa0设\ufe0f计\u00ad", 6),
    # Full-width digits and letters, traditional characters: one character each.
    ("２０２４年ＡＢＣ課堂教學", 12),
    # Symbols and emoji do not count; letters inside compatibility forms do (① ㈱ ℃ ™).
    ("学生👍★※→①㈱℃™", 6),
    # One character that unfolds into several (ﬁ, Ⅻ, ß) counts once; an accent is part of its letter.
    ("ﬁⅫß café cafe\u0301", 11),
    # A character outside the Basic Multilingual Plane (CJK Extension B) is one character.
    ("𠀀𠀁学生", 4),
    ("한국어 English 123", 13),
    ("。，！？……——", 0),
    ("", 0),
]
