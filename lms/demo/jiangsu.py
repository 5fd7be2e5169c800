"""Jiangsu province (江苏省) demo geography: cities, counties, teacher counts, schools.

Pure data, no database or Flask imports, so the seeder, the tests and the
benchmarks can all share it.

* The 13 prefecture-level cities and, for each, 3–5 of its county-level
  divisions, with their GB/T 2260 codes as published by the Ministry of Civil
  Affairs (current as of the 2020 Nantong reorganisation: 崇川区 320613,
  通州区 320612). Codes are 6-digit strings; the first four digits of a
  county's code are its city's.
* ``teacher_count`` per county is invented but of a plausible order of
  magnitude (3,000–12,000 full-time teachers; urban core districts at the low
  end, populous counties and county-level cities at the high end).
* :func:`school_names` makes plausible, deterministic school names for a
  county (``江宁区实验小学``, ``江宁区城东初级中学`` …) with their stage.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterator, NamedTuple

__all__ = [
    "PROVINCE_NAME",
    "PROVINCE_CODE",
    "County",
    "City",
    "CITIES",
    "School",
    "SCHOOL_STAGES",
    "all_counties",
    "city_by_code",
    "county_by_code",
    "city_of",
    "short_name",
    "school_names",
    "school_capacity",
    "school_code",
]

PROVINCE_NAME = "江苏省"
PROVINCE_CODE = "320000"


@dataclass(frozen=True, slots=True)
class County:
    """A county-level division (区 / 县 / 县级市)."""

    name: str
    code: str
    teacher_count: int


@dataclass(frozen=True, slots=True)
class City:
    """A prefecture-level city (地级市)."""

    name: str
    code: str
    counties: tuple[County, ...]

    @property
    def teacher_count(self) -> int:
        """Sum over the listed counties (the demo's city total)."""
        return sum(c.teacher_count for c in self.counties)


def _city(name: str, code: str, *counties: tuple[str, str, int]) -> City:
    return City(name, code, tuple(County(n, c, t) for n, c, t in counties))


CITIES: tuple[City, ...] = (
    _city("南京市", "320100",
          ("玄武区", "320102", 4200),
          ("秦淮区", "320104", 5100),
          ("建邺区", "320105", 4600),
          ("鼓楼区", "320106", 7800),
          ("江宁区", "320115", 11800)),
    _city("无锡市", "320200",
          ("梁溪区", "320213", 6900),
          ("滨湖区", "320211", 5200),
          ("江阴市", "320281", 11200),
          ("宜兴市", "320282", 8900)),
    _city("徐州市", "320300",
          ("云龙区", "320303", 4800),
          ("铜山区", "320312", 9600),
          ("丰县", "320321", 7400),
          ("沛县", "320322", 9100),
          ("邳州市", "320382", 11900)),
    _city("常州市", "320400",
          ("天宁区", "320402", 4700),
          ("钟楼区", "320404", 4300),
          ("武进区", "320412", 10600),
          ("溧阳市", "320481", 6100)),
    _city("苏州市", "320500",
          ("姑苏区", "320508", 6200),
          ("吴中区", "320506", 8800),
          ("常熟市", "320581", 10400),
          ("张家港市", "320582", 9200),
          ("昆山市", "320583", 11600)),
    _city("南通市", "320600",
          ("崇川区", "320613", 7600),
          ("通州区", "320612", 7900),
          ("如东县", "320623", 6700),
          ("启东市", "320681", 6400),
          ("如皋市", "320682", 8500)),
    _city("连云港市", "320700",
          ("海州区", "320706", 8100),
          ("赣榆区", "320707", 7700),
          ("东海县", "320722", 8300),
          ("灌云县", "320723", 6900)),
    _city("淮安市", "320800",
          ("清江浦区", "320812", 6800),
          ("淮安区", "320803", 8200),
          ("涟水县", "320826", 7800),
          ("盱眙县", "320830", 6500)),
    _city("盐城市", "320900",
          ("亭湖区", "320902", 6300),
          ("盐都区", "320903", 5900),
          ("大丰区", "320904", 5400),
          ("阜宁县", "320923", 7100),
          ("东台市", "320981", 7300)),
    _city("扬州市", "321000",
          ("广陵区", "321002", 5600),
          ("邗江区", "321003", 6600),
          ("江都区", "321012", 7000),
          ("宝应县", "321023", 5800),
          ("高邮市", "321084", 5700)),
    _city("镇江市", "321100",
          ("京口区", "321102", 3600),
          ("润州区", "321111", 3100),
          ("丹阳市", "321181", 7500),
          ("句容市", "321183", 5300)),
    _city("泰州市", "321200",
          ("海陵区", "321202", 5500),
          ("姜堰区", "321204", 6600),
          ("兴化市", "321281", 10100),
          ("靖江市", "321282", 5900),
          ("泰兴市", "321283", 8400)),
    _city("宿迁市", "321300",
          ("宿城区", "321302", 7200),
          ("宿豫区", "321311", 6800),
          ("沭阳县", "321322", 12000),
          ("泗阳县", "321323", 8600),
          ("泗洪县", "321324", 9300)),
)

_CITY_BY_CODE: dict[str, City] = {c.code: c for c in CITIES}
_COUNTY_BY_CODE: dict[str, County] = {k.code: k for c in CITIES for k in c.counties}
_CITY_OF_COUNTY: dict[str, City] = {k.code: c for c in CITIES for k in c.counties}


def all_counties() -> Iterator[tuple[City, County]]:
    """Every (city, county) pair, in code order of the cities as listed."""
    for city in CITIES:
        for county in city.counties:
            yield city, county


def city_by_code(code: str) -> City:
    """The city with this 6-digit code; ``KeyError`` if it is not in the demo data."""
    return _CITY_BY_CODE[code]


def county_by_code(code: str) -> County:
    """The county with this 6-digit code; ``KeyError`` if it is not in the demo data."""
    return _COUNTY_BY_CODE[code]


def city_of(county: County | str) -> City:
    """The city a county (or county code) belongs to."""
    code = county if isinstance(county, str) else county.code
    return _CITY_OF_COUNTY[code]


def short_name(name: str) -> str:
    """``江宁区`` → ``江宁``, ``张家港市`` → ``张家港``; two-character names (``丰县``) stay whole."""
    if len(name) > 2 and name[-1] in "省市区县":
        return name[:-1]
    return name


# --------------------------------------------------------------------------- schools

SCHOOL_STAGES: tuple[str, ...] = ("幼儿园", "小学", "初中", "高中")

# Relative share of schools by stage in a typical Jiangsu county (kindergartens
# and primary schools outnumber secondary schools).
_STAGE_WEIGHTS: dict[str, float] = {"幼儿园": 0.32, "小学": 0.38, "初中": 0.18, "高中": 0.12}


class School(NamedTuple):
    name: str
    stage: str


# Generic town / street-office / neighbourhood names: plausible anywhere in
# Jiangsu, not claimed to exist in any particular county.
_PLACES: tuple[str, ...] = (
    "城东", "城南", "城西", "城北", "城中", "新城", "滨江", "湖滨",
    "东山", "西山", "南湖", "北湖", "东湖", "龙湖", "凤凰", "青龙",
    "白塔", "双桥", "新桥", "金桥", "石桥", "三河", "运河", "长江",
    "永安", "太平", "安丰", "富安", "丰乐", "长乐", "和平", "新华",
    "人民", "解放", "建设", "胜利", "花园", "桃园", "梅园", "杏林",
    "王集", "张集", "李庄", "陈集", "马坝", "高桥", "杨庙", "周庄",
    "沙河", "清河", "古城", "汤泉", "横山", "华庄", "湖塘", "洛阳",
    "官林", "丁蜀", "新坊", "黄桥", "钱集", "东沟", "大新", "南闸",
)
_ORDINALS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def _candidates(county: str) -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Per stage, in a fixed order: (head, ordered series, others).

    ``head`` names always come first (the county's 实验小学, 第一中学 …);
    ``series`` names (第二实验小学, 第三实验小学 …) may be spread out but keep
    their relative order; ``others`` are freely shuffled.
    """
    c, s = county, short_name(county)
    head = {
        "幼儿园": [f"{c}实验幼儿园"],
        "小学": [f"{c}实验小学"],
        "初中": [f"{c}实验初级中学"],
        "高中": [f"{c}第一中学", f"{s}高级中学"],
    }
    series = {
        "幼儿园": [f"{c}第{o}实验幼儿园" for o in _ORDINALS[1:4]],
        "小学": [f"{c}第{o}实验小学" for o in _ORDINALS[1:5]],
        "初中": [f"{c}第{o}初级中学" for o in _ORDINALS[1:]],
        "高中": [f"{c}第{o}中学" for o in _ORDINALS[1:6]],
    }
    others = {
        "幼儿园": [f"{c}机关幼儿园", f"{c}教工幼儿园"]
                 + [f"{c}{p}中心幼儿园" for p in _PLACES] + [f"{c}{p}幼儿园" for p in _PLACES],
        "小学": [f"{c}师范附属小学", f"{c}外国语小学"]
               + [f"{c}{p}中心小学" for p in _PLACES] + [f"{c}{p}小学" for p in _PLACES],
        "初中": [f"{c}外国语学校", f"{c}实验学校"]
               + [f"{c}{p}初级中学" for p in _PLACES] + [f"{c}{p}中学" for p in _PLACES],
        "高中": [f"{s}中学", f"{c}实验中学"] + [f"{c}{p}高级中学" for p in _PLACES],
    }
    out: dict[str, tuple[list[str], list[str], list[str]]] = {}
    seen: set[str] = set()
    for stage in SCHOOL_STAGES:  # drop any accidental duplicates, first one wins
        h, sr, o = ([n for n in group[stage] if not (n in seen or seen.add(n))]
                    for group in (head, series, others))
        out[stage] = (h, sr, o)
    return out


def school_capacity(county_name: str) -> int:
    """How many distinct names :func:`school_names` can make for this county."""
    return sum(len(h) + len(s) + len(o) for h, s, o in _candidates(county_name).values())


def school_names(county_name: str, n: int, rng: random.Random) -> list[School]:
    """``n`` distinct, plausible school names in ``county_name`` with their stage.

    Names carry the full county name as prefix (``江宁区实验小学``,
    ``沭阳县钱集中心小学``, ``丰县第一中学``), so they are also unique across
    the demo's counties. The stage mix follows typical proportions (more
    kindergartens and primary schools than secondary schools); each stage's
    flagship (实验小学, 实验幼儿园, 第一中学 …) comes first, so even a small
    county gets its 实验小学, and numbered schools appear in order (no
    第三中学 before 第二中学).

    Deterministic for a given ``rng`` state. Raises ``ValueError`` if ``n`` is
    negative or exceeds :func:`school_capacity`.
    """
    if n < 0:
        raise ValueError("n must be non-negative")
    capacity = school_capacity(county_name)
    if n > capacity:
        raise ValueError(f"at most {capacity} distinct school names for {county_name}, asked for {n}")

    queues: dict[str, list[str]] = {}
    for stage, (head, series, others) in _candidates(county_name).items():
        rest = series + others
        rng.shuffle(rest)
        # Put the series back in order on the slots it landed on.
        in_series = set(series)
        slots = [i for i, name in enumerate(rest) if name in in_series]
        for i, name in zip(slots, series):
            rest[i] = name
        queues[stage] = head + rest

    result: list[School] = []
    for _ in range(n):
        stages = [s for s in SCHOOL_STAGES if queues[s]]
        stage = rng.choices(stages, weights=[_STAGE_WEIGHTS[s] for s in stages])[0]
        result.append(School(queues[stage].pop(0), stage))
    return result


def school_code(county_code: str, index: int) -> str:
    """A 10-digit demo school code: the county code plus a 4-digit serial (0–9999)."""
    if not 0 <= index <= 9999:
        raise ValueError("index must be in 0..9999")
    return f"{county_code}{index:04d}"
