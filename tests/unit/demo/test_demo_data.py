"""The demo data modules: Jiangsu geography, school names, people and phone numbers."""
from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from lms.demo import jiangsu, names
from lms.demo.jiangsu import CITIES, City, County, school_names

EXPECTED_CITIES = {
    "南京市": "320100", "无锡市": "320200", "徐州市": "320300", "常州市": "320400",
    "苏州市": "320500", "南通市": "320600", "连云港市": "320700", "淮安市": "320800",
    "盐城市": "320900", "扬州市": "321000", "镇江市": "321100", "泰州市": "321200",
    "宿迁市": "321300",
}

# --------------------------------------------------------------------------- geography


def test_thirteen_cities_with_real_names_and_codes():
    assert len(CITIES) == 13
    assert {c.name: c.code for c in CITIES} == EXPECTED_CITIES
    assert jiangsu.PROVINCE_NAME == "江苏省" and jiangsu.PROVINCE_CODE == "320000"


def test_codes_are_unique_six_digit_strings():
    codes = [c.code for c in CITIES] + [k.code for c in CITIES for k in c.counties]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"32\d{4}", code) for code in codes)


def test_every_county_code_starts_with_its_city_prefix():
    for city in CITIES:
        assert city.code.endswith("00")
        for county in city.counties:
            assert county.code[:4] == city.code[:4], (city.name, county.name)
            assert county.code[4:] != "00"


def test_three_to_five_counties_per_city_with_plausible_teacher_counts():
    for city in CITIES:
        assert 3 <= len(city.counties) <= 5, city.name
        assert city.teacher_count == sum(k.teacher_count for k in city.counties)
        for county in city.counties:
            assert 3_000 <= county.teacher_count <= 12_000, county.name
            assert county.name[-1] in "区县市"


def test_county_names_are_unique():
    names_ = [k.name for c in CITIES for k in c.counties]
    assert len(names_) == len(set(names_))


@pytest.mark.parametrize(("code", "name"), [
    ("320102", "玄武区"), ("320115", "江宁区"), ("320213", "梁溪区"), ("320281", "江阴市"),
    ("320321", "丰县"), ("320508", "姑苏区"), ("320583", "昆山市"), ("320613", "崇川区"),
    ("320812", "清江浦区"), ("321012", "江都区"), ("321322", "沭阳县"),
])
def test_known_county_codes(code, name):
    assert jiangsu.county_by_code(code).name == name


def test_lookups():
    assert jiangsu.city_by_code("320500").name == "苏州市"
    assert jiangsu.city_of("320583").name == "苏州市"
    assert jiangsu.city_of(jiangsu.county_by_code("320102")).code == "320100"
    assert sum(1 for _ in jiangsu.all_counties()) == sum(len(c.counties) for c in CITIES)
    with pytest.raises(KeyError):
        jiangsu.county_by_code("110108")


def test_dataclasses_are_frozen():
    city = CITIES[0]
    assert isinstance(city, City) and isinstance(city.counties[0], County)
    with pytest.raises(AttributeError):
        city.name = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        city.counties[0].teacher_count = 1  # type: ignore[misc]


def test_short_name():
    assert jiangsu.short_name("江宁区") == "江宁"
    assert jiangsu.short_name("张家港市") == "张家港"
    assert jiangsu.short_name("丰县") == "丰县"


# --------------------------------------------------------------------------- schools


def test_school_names_unique_within_each_county():
    for city, county in jiangsu.all_counties():
        schools = school_names(county.name, 60, random.Random(county.code))
        assert len(schools) == 60
        assert len({s.name for s in schools}) == 60, county.name
        assert all(s.stage in names.STAGES for s in schools)


def test_school_names_unique_across_counties():
    seen: Counter[str] = Counter()
    for _, county in jiangsu.all_counties():
        seen.update(s.name for s in school_names(county.name, 40, random.Random(1)))
    assert max(seen.values()) == 1


def test_school_names_deterministic_and_plausible():
    a = school_names("江宁区", 30, random.Random(7))
    b = school_names("江宁区", 30, random.Random(7))
    assert a == b
    assert school_names("江宁区", 30, random.Random(8)) != a
    for name, stage in a:
        assert name.startswith(("江宁区", "江宁"))
        suffix = {"幼儿园": ("幼儿园",), "小学": ("小学",), "初中": ("中学", "学校"),
                  "高中": ("中学",)}[stage]
        assert name.endswith(suffix), (name, stage)


def test_school_names_stage_mix_and_flagships():
    schools = school_names("沭阳县", 200, random.Random(3))
    stages = Counter(s.stage for s in schools)
    assert set(stages) == set(names.STAGES)
    assert stages["小学"] > stages["高中"] and stages["幼儿园"] > stages["高中"]
    assert "沭阳县实验小学" in {s.name for s in schools}


def test_school_names_capacity():
    cap = jiangsu.school_capacity("丰县")
    schools = school_names("丰县", cap, random.Random(0))
    assert len({s.name for s in schools}) == cap
    with pytest.raises(ValueError):
        school_names("丰县", cap + 1, random.Random(0))
    assert school_names("丰县", 0, random.Random(0)) == []


def test_school_code():
    assert jiangsu.school_code("320115", 7) == "3201150007"
    with pytest.raises(ValueError):
        jiangsu.school_code("320115", 10_000)


# --------------------------------------------------------------------------- people


def test_person_name_deterministic_and_two_or_three_chars():
    first = [names.person_name(random.Random(42)) for _ in range(3)]
    assert len(set(first)) == 1
    rng_a, rng_b = random.Random(2024), random.Random(2024)
    seq_a = [names.person_name(rng_a) for _ in range(500)]
    seq_b = [names.person_name(rng_b) for _ in range(500)]
    assert seq_a == seq_b
    surnames = {s for s, _ in names.SURNAMES}
    for name in seq_a:
        assert 2 <= len(name) <= 3, name
        assert name[0] in surnames
        assert all("\u4e00" <= ch <= "\u9fff" for ch in name)
        assert all(ch in names.GIVEN_NAME_CHARS for ch in name[1:])
    assert len(set(seq_a)) > 400  # varied
    assert any(len(n) == 2 for n in seq_a) and any(len(n) == 3 for n in seq_a)


def test_surnames_follow_frequencies():
    rng = random.Random(5)
    counts = Counter(names.surname(rng) for _ in range(20_000))
    top = {s for s, _ in counts.most_common(5)}
    assert top == {"王", "李", "张", "刘", "陈"}
    assert counts["王"] > 10 * counts["汤"]


def test_given_name_gender_and_validation():
    rng = random.Random(9)
    for gender in ("M", "F"):
        for _ in range(50):
            assert 1 <= len(names.given_name(rng, gender)) <= 2
    with pytest.raises(ValueError):
        names.given_name(rng, "X")


def test_phone_numbers_valid():
    rng = random.Random(11)
    numbers = [names.phone_number(rng) for _ in range(1_000)]
    for number in numbers:
        assert re.fullmatch(r"1[3-9]\d{9}", number), number
        assert number[:3] in names.MOBILE_PREFIXES
    assert len(set(numbers)) > 990
    assert names.phone_number(random.Random(1)) == names.phone_number(random.Random(1))


def test_subjects_and_stages():
    assert names.STAGES == ("幼儿园", "小学", "初中", "高中")
    assert names.STAGES == jiangsu.SCHOOL_STAGES
    assert len(names.SUBJECTS) == 15 and len(set(names.SUBJECTS)) == 15
    assert {"语文", "数学", "道德与法治", "学前教育"} <= set(names.SUBJECTS)
    assert set(names.SUBJECTS_BY_STAGE) == set(names.STAGES)
    for subjects in names.SUBJECTS_BY_STAGE.values():
        assert set(subjects) <= set(names.SUBJECTS)
