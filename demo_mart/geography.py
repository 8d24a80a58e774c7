"""Cities, provinces, regions and branches of the demo bank (a fixed table)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    """A city with its province, region, size weight, price tier and district codes."""

    name: str
    province: str
    region: str
    weight: float  # share of customers, before normalisation
    tier: float  # income / house-price multiplier
    districts: tuple[tuple[str, str], ...]  # (district name, 6-digit GB/T 2260 code)
    branches: tuple[str, ...]  # districts that host a branch


CITIES: tuple[City, ...] = (
    City("上海", "上海市", "华东", 9, 1.45,
         (("浦东", "310115"), ("徐汇", "310104"), ("黄浦", "310101"), ("闵行", "310112"), ("长宁", "310105")),
         ("浦东", "徐汇", "黄浦", "闵行")),
    City("北京", "北京市", "华北", 9, 1.45,
         (("朝阳", "110105"), ("海淀", "110108"), ("西城", "110102"), ("东城", "110101"), ("丰台", "110106")),
         ("朝阳", "海淀", "西城", "东城")),
    City("广州", "广东省", "华南", 7, 1.25,
         (("天河", "440106"), ("越秀", "440104"), ("海珠", "440105"), ("荔湾", "440103")),
         ("天河", "越秀", "海珠")),
    City("深圳", "广东省", "华南", 7, 1.4,
         (("福田", "440304"), ("南山", "440305"), ("罗湖", "440303"), ("宝安", "440306")),
         ("福田", "南山", "罗湖")),
    City("杭州", "浙江省", "华东", 6, 1.25,
         (("西湖", "330106"), ("滨江", "330108"), ("上城", "330102"), ("余杭", "330110")),
         ("西湖", "滨江", "上城")),
    City("南京", "江苏省", "华东", 5, 1.15,
         (("鼓楼", "320106"), ("建邺", "320105"), ("玄武", "320102"), ("秦淮", "320104")),
         ("鼓楼", "建邺", "玄武")),
    City("苏州", "江苏省", "华东", 5, 1.15,
         (("姑苏", "320508"), ("吴中", "320506"), ("虎丘", "320505")),
         ("姑苏", "吴中")),
    City("天津", "天津市", "华北", 5, 1.05,
         (("和平", "120101"), ("南开", "120104"), ("河西", "120103")),
         ("和平", "南开")),
    City("成都", "四川省", "西南", 6, 1.0,
         (("锦江", "510104"), ("武侯", "510107"), ("青羊", "510105"), ("成华", "510108")),
         ("锦江", "武侯", "青羊")),
    City("重庆", "重庆市", "西南", 6, 0.95,
         (("渝中", "500103"), ("江北", "500105"), ("渝北", "500112"), ("沙坪坝", "500106")),
         ("渝中", "江北", "渝北")),
    City("武汉", "湖北省", "华中", 5, 1.0,
         (("武昌", "420106"), ("江岸", "420102"), ("洪山", "420111")),
         ("武昌", "江岸", "洪山")),
    City("长沙", "湖南省", "华中", 4, 0.95,
         (("岳麓", "430104"), ("芙蓉", "430102"), ("开福", "430105")),
         ("岳麓", "芙蓉")),
    City("郑州", "河南省", "华中", 4, 0.9,
         (("金水", "450105"), ("二七", "450103"), ("中原", "450102")),
         ("金水", "二七")),
    City("西安", "陕西省", "西北", 4, 0.9,
         (("雁塔", "610113"), ("碑林", "610103"), ("新城", "610102")),
         ("雁塔", "碑林", "新城")),
    City("兰州", "甘肃省", "西北", 2, 0.8,
         (("城关", "620102"), ("七里河", "620103")),
         ("城关", "七里河")),
    City("沈阳", "辽宁省", "东北", 3, 0.85,
         (("和平", "210102"), ("沈河", "210103"), ("大东", "210104")),
         ("和平", "沈河")),
    City("大连", "辽宁省", "东北", 2, 0.95,
         (("中山", "210202"), ("西岗", "210203"), ("沙河口", "210204")),
         ("中山", "沙河口")),
    City("哈尔滨", "黑龙江省", "东北", 3, 0.8,
         (("南岗", "230103"), ("道里", "230102"), ("道外", "230104")),
         ("南岗", "道里")),
)  # fmt: skip


@dataclass(frozen=True)
class Branch:
    """One branch (网点); ``city`` indexes ``CITIES``."""

    branch_id: str
    branch_name: str
    city: int
    weight: float


def branches() -> tuple[Branch, ...]:
    """All branches, ``B001`` … in city order; a city's weight is split between its branches."""
    rows: list[Branch] = []
    for ci, city in enumerate(CITIES):
        for district in city.branches:
            rows.append(
                Branch(
                    branch_id=f"B{len(rows) + 1:03d}",
                    branch_name=f"{city.name}{district}支行",
                    city=ci,
                    weight=city.weight / len(city.branches),
                )
            )
    return tuple(rows)
