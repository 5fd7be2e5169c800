"""Plausible Chinese personal names, mobile numbers, subjects and school stages for demo data.

Everything here is driven by a caller-supplied :class:`random.Random`, so a
seeded generator always yields the same people.

Surname weights are approximate shares (in per cent) of the mainland
population for the ~100 most common surnames, following the published
national rankings (王, 李, 张 ≈ 7 % each, …); uncommon surnames beyond the list
are simply not generated. Compound surnames (欧阳, 司马 …) are left out so
that every name is 2–3 characters long.
"""
from __future__ import annotations

import random
from itertools import accumulate

__all__ = [
    "SURNAMES",
    "GIVEN_NAME_CHARS",
    "SUBJECTS",
    "STAGES",
    "SUBJECTS_BY_STAGE",
    "MOBILE_PREFIXES",
    "surname",
    "given_name",
    "person_name",
    "phone_number",
]

# (surname, approximate share of the population in per cent)
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 7.12), ("李", 7.00), ("张", 6.83), ("刘", 5.38), ("陈", 4.73),
    ("杨", 3.10), ("黄", 2.40), ("赵", 2.29), ("吴", 2.05), ("周", 1.95),
    ("徐", 1.51), ("孙", 1.48), ("马", 1.40), ("朱", 1.34), ("胡", 1.28),
    ("郭", 1.21), ("何", 1.16), ("林", 1.14), ("高", 1.10), ("罗", 1.04),
    ("郑", 0.97), ("梁", 0.91), ("谢", 0.84), ("宋", 0.77), ("唐", 0.76),
    ("许", 0.71), ("韩", 0.70), ("冯", 0.69), ("邓", 0.68), ("曹", 0.66),
    ("彭", 0.62), ("曾", 0.59), ("肖", 0.58), ("田", 0.57), ("董", 0.56),
    ("袁", 0.52), ("潘", 0.50), ("于", 0.50), ("蒋", 0.49), ("蔡", 0.48),
    ("余", 0.47), ("杜", 0.47), ("叶", 0.46), ("程", 0.45), ("苏", 0.43),
    ("魏", 0.43), ("吕", 0.42), ("丁", 0.42), ("任", 0.41), ("沈", 0.40),
    ("姚", 0.39), ("卢", 0.38), ("姜", 0.37), ("崔", 0.36), ("钟", 0.35),
    ("谭", 0.34), ("陆", 0.33), ("汪", 0.33), ("范", 0.32), ("金", 0.31),
    ("石", 0.31), ("廖", 0.30), ("贾", 0.29), ("夏", 0.29), ("韦", 0.28),
    ("付", 0.28), ("方", 0.27), ("白", 0.27), ("邹", 0.26), ("孟", 0.26),
    ("熊", 0.25), ("秦", 0.25), ("邱", 0.24), ("江", 0.24), ("尹", 0.23),
    ("薛", 0.23), ("闫", 0.22), ("段", 0.22), ("雷", 0.21), ("侯", 0.21),
    ("龙", 0.20), ("史", 0.20), ("陶", 0.19), ("黎", 0.19), ("贺", 0.19),
    ("顾", 0.18), ("毛", 0.18), ("郝", 0.17), ("龚", 0.17), ("邵", 0.17),
    ("万", 0.16), ("钱", 0.16), ("严", 0.16), ("覃", 0.15), ("武", 0.15),
    ("戴", 0.15), ("莫", 0.14), ("孔", 0.14), ("向", 0.14), ("汤", 0.14),
    ("常", 0.13), ("葛", 0.12), ("殷", 0.10), ("季", 0.09), ("缪", 0.06),
)

# Common given-name characters by position: ``_FIRST`` opens a two-character
# given name, ``_LAST`` ends it or stands alone (张伟, 陈子轩, 王秀英). Loosely
# split by gender so that names read naturally; a few characters are shared.
_FIRST_M = (
    "子", "浩", "宇", "俊", "志", "建", "国", "文", "明", "晓", "海", "永", "家", "嘉", "天",
    "振", "鹏", "思", "佳", "博", "一", "立", "德", "长", "春", "学", "云", "金", "宏", "伟",
)
_LAST_M = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "帆", "旭", "宁", "龙", "林", "峰", "东", "晨", "阳",
    "然", "轩", "昊", "睿", "哲", "瑞", "亮", "兵", "成", "毅", "航", "鸣", "明", "杨", "俊",
)
_FIRST_F = (
    "晓", "佳", "思", "雨", "欣", "梦", "诗", "雅", "嘉", "美", "秀", "桂", "丽", "春", "婉",
    "子", "若", "心", "可", "文", "慧", "静", "紫", "玉", "海", "雪", "月", "亚", "小", "凤",
)
_LAST_F = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "琳", "颖",
    "洁", "红", "梅", "莉", "萍", "倩", "晶", "妍", "茜", "欣", "悦", "璐", "蕾", "琴", "云",
    "凤", "兰", "菲", "瑶", "露", "雯", "怡", "涵", "萱", "彤", "琪", "英", "华", "宁", "晨",
)
GIVEN_NAME_CHARS: tuple[str, ...] = tuple(dict.fromkeys(_FIRST_M + _LAST_M + _FIRST_F + _LAST_F))

SUBJECTS: tuple[str, ...] = (
    "语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治",
    "音乐", "体育", "美术", "信息技术", "科学", "学前教育",
)
STAGES: tuple[str, ...] = ("幼儿园", "小学", "初中", "高中")

# Which of SUBJECTS are taught at each stage (high-school politics is
# 思想政治, not in SUBJECTS, so 道德与法治 stops at 初中).
SUBJECTS_BY_STAGE: dict[str, tuple[str, ...]] = {
    "幼儿园": ("学前教育",),
    "小学": ("语文", "数学", "英语", "科学", "道德与法治", "音乐", "体育", "美术", "信息技术"),
    "初中": ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治",
           "音乐", "体育", "美术", "信息技术"),
    "高中": ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理",
           "音乐", "体育", "美术", "信息技术"),
}

# Three-digit mobile number segments in use by China Mobile, China Unicom,
# China Telecom and China Broadnet (virtual-operator 170/171 left out).
MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "145", "147", "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "166", "173", "175", "176", "177", "178",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
    "191", "192", "193", "195", "196", "197", "198", "199",
)

_SURNAME_CHARS = tuple(s for s, _ in SURNAMES)
_SURNAME_CUM = tuple(accumulate(w for _, w in SURNAMES))


def surname(rng: random.Random) -> str:
    """A surname drawn by population frequency."""
    return rng.choices(_SURNAME_CHARS, cum_weights=_SURNAME_CUM)[0]


def given_name(rng: random.Random, gender: str | None = None) -> str:
    """A 1- or 2-character given name (about a quarter are single characters).

    ``gender`` is ``"M"``, ``"F"`` or ``None`` (pick one at random); it only
    steers the choice of characters.
    """
    if gender is None:
        gender = "M" if rng.random() < 0.5 else "F"
    if gender not in ("M", "F"):
        raise ValueError("gender must be 'M', 'F' or None")
    first, last = (_FIRST_M, _LAST_M) if gender == "M" else (_FIRST_F, _LAST_F)
    if rng.random() < 0.25:
        return rng.choice(last)
    if rng.random() < 0.03:  # reduplicated names: 婷婷, 晨晨
        ch = rng.choice(last)
        return ch + ch
    a, b = rng.choice(first), rng.choice(last)
    while b == a:
        b = rng.choice(last)
    return a + b


def person_name(rng: random.Random, gender: str | None = None) -> str:
    """A full name, surname first: 2 or 3 characters (``王芳``, ``陈子轩``)."""
    return surname(rng) + given_name(rng, gender)


def phone_number(rng: random.Random) -> str:
    """An 11-digit mainland mobile number such as ``13851234567``."""
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
