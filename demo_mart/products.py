"""The demo bank's product catalogue (a fixed table covering all eight product types)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo_mart.codes import PRODUCT_TYPES


@dataclass(frozen=True)
class Product:
    product_id: str
    product_name: str
    category: str
    product_type: str
    term_months: int | None
    annual_rate: float


PRODUCTS: tuple[Product, ...] = (
    Product("D001", "活期储蓄", "deposit", "demand_deposit", None, 0.0010),
    Product("D002", "薪享通活期账户", "deposit", "demand_deposit", None, 0.0015),
    Product("D101", "三个月整存整取", "deposit", "time_deposit", 3, 0.0105),
    Product("D102", "六个月整存整取", "deposit", "time_deposit", 6, 0.0125),
    Product("D103", "一年期整存整取", "deposit", "time_deposit", 12, 0.0145),
    Product("D104", "二年期整存整取", "deposit", "time_deposit", 24, 0.0150),
    Product("D105", "三年期整存整取", "deposit", "time_deposit", 36, 0.0175),
    Product("D106", "五年期整存整取", "deposit", "time_deposit", 60, 0.0180),
    Product("D201", "一年期大额存单", "deposit", "large_cd", 12, 0.0165),
    Product("D202", "三年期大额存单", "deposit", "large_cd", 36, 0.0200),
    Product("L101", "薪易贷", "loan", "consumer_loan", 12, 0.0360),
    Product("L102", "闪电贷", "loan", "consumer_loan", 36, 0.0420),
    Product("L103", "家装消费贷", "loan", "consumer_loan", 24, 0.0390),
    Product("L201", "个人住房贷款(首套)", "loan", "mortgage", 360, 0.0310),
    Product("L202", "个人住房贷款(二套)", "loan", "mortgage", 240, 0.0350),
    Product("L301", "小微经营贷", "loan", "business_loan", 36, 0.0385),
    Product("L302", "税易贷", "loan", "business_loan", 12, 0.0420),
    Product("W101", "稳利30天持有期理财", "wealth", "wealth_management", 1, 0.0210),
    Product("W102", "安盈90天持有期理财", "wealth", "wealth_management", 3, 0.0235),
    Product("W103", "年年享一年期理财", "wealth", "wealth_management", 12, 0.0280),
    Product("F101", "天天宝货币基金", "wealth", "fund", None, 0.0150),
    Product("F102", "稳健增利债券基金", "wealth", "fund", None, 0.0320),
    Product("F103", "沪深300指数基金", "wealth", "fund", None, 0.0650),
    Product("F104", "科技成长混合基金", "wealth", "fund", None, 0.0800),
)

PRODUCT_IDS = np.array([p.product_id for p in PRODUCTS])


def products_of(product_type: str) -> np.ndarray:
    """Indexes into ``PRODUCTS`` of every product of one type."""
    return np.array([i for i, p in enumerate(PRODUCTS) if p.product_type == product_type])


def products_in(category: str) -> np.ndarray:
    """Indexes into ``PRODUCTS`` of every product of one category."""
    return np.array([i for i, p in enumerate(PRODUCTS) if p.category == category])


TERM = np.array([p.term_months or 0 for p in PRODUCTS], dtype=np.int64)
RATE = np.array([p.annual_rate for p in PRODUCTS])
PRODUCT_TYPE = np.array([PRODUCT_TYPES.index(p.product_type) for p in PRODUCTS])
