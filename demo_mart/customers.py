"""Customer master data: demographics, income, home branch, open date and identifiers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from demo_mart import people
from demo_mart.calendar import Window, day_number
from demo_mart.geography import CITIES, branches
from demo_mart.sampling import choice_rows

AGE_BAND_SHARE = np.array([0.10, 0.26, 0.24, 0.18, 0.22])
AGE_BAND_RANGE = np.array([[18, 25], [25, 35], [35, 45], [45, 55], [55, 80]])

# rows: age band; columns: codes.OCCUPATIONS
OCCUPATION_BY_AGE = np.array([
    [0.35, 0.03, 0.05, 0.01, 0.40, 0.00, 0.10, 0.06],
    [0.58, 0.08, 0.10, 0.05, 0.02, 0.00, 0.12, 0.05],
    [0.52, 0.09, 0.14, 0.10, 0.00, 0.00, 0.09, 0.06],
    [0.45, 0.10, 0.15, 0.12, 0.00, 0.05, 0.06, 0.07],
    [0.12, 0.04, 0.07, 0.06, 0.00, 0.63, 0.03, 0.05],
])  # fmt: skip
# rows: occupation; columns: codes.EDUCATIONS
EDUCATION_BY_OCCUPATION = np.array([
    [0.20, 0.30, 0.40, 0.10],
    [0.05, 0.20, 0.55, 0.20],
    [0.50, 0.30, 0.17, 0.03],
    [0.30, 0.30, 0.30, 0.10],
    [0.15, 0.30, 0.45, 0.10],
    [0.60, 0.20, 0.15, 0.05],
    [0.30, 0.30, 0.35, 0.05],
    [0.60, 0.25, 0.13, 0.02],
])  # fmt: skip
MARITAL_BY_AGE = np.array([
    [0.90, 0.10, 0.00], [0.45, 0.52, 0.03], [0.12, 0.80, 0.08], [0.06, 0.84, 0.10], [0.05, 0.85, 0.10],
])  # fmt: skip
# median declared income (CNY) and log-sd by occupation
INCOME_MEDIAN = np.array([120e3, 140e3, 150e3, 350e3, 8e3, 55e3, 90e3, 45e3])
INCOME_SIGMA = np.array([0.50, 0.35, 0.70, 0.80, 0.60, 0.35, 0.65, 0.55])
INCOME_AGE = np.array([0.60, 0.95, 1.15, 1.10, 0.90])
INCOME_EDUCATION = np.array([0.80, 0.95, 1.10, 1.40])
# rows: age band; columns: codes.ACQUISITION_CHANNELS
CHANNEL_BY_AGE = np.array([
    [0.08, 0.45, 0.30, 0.10, 0.07],
    [0.15, 0.40, 0.25, 0.10, 0.10],
    [0.30, 0.30, 0.18, 0.10, 0.12],
    [0.50, 0.20, 0.12, 0.06, 0.12],
    [0.70, 0.08, 0.08, 0.04, 0.10],
])  # fmt: skip
PAYROLL_BY_OCCUPATION = np.array([0.55, 0.75, 0.04, 0.06, 0.0, 0.0, 0.05, 0.05])
LOAN_ORIGIN_SHARE = 0.07
IN_WINDOW_SHARE = 0.40
EARLIEST_OPEN = date(2008, 1, 1)


@dataclass
class Customers:
    """One chunk of customers; every array has one entry per customer."""

    customer_id: np.ndarray
    branch: np.ndarray  # index into geography.branches()
    city: np.ndarray  # index into CITIES
    female: np.ndarray
    birth_day: np.ndarray
    age: np.ndarray  # whole years at the window's last day
    age_band: np.ndarray
    occupation: np.ndarray
    education: np.ndarray
    marital: np.ndarray
    income: np.ndarray  # CNY, whole hundreds
    acquisition: np.ndarray
    open_day: np.ndarray
    risk: np.ndarray
    payroll: np.ndarray
    loan_origin: np.ndarray  # joined through a loan, holds no deposit account at first
    name: np.ndarray
    id_number: np.ndarray
    phone: np.ndarray

    def __len__(self) -> int:
        return len(self.customer_id)


def _birth_days(rng: np.random.Generator, age: np.ndarray, end_day: int) -> np.ndarray:
    """Birth day numbers so that the whole-year age at ``end_day`` is exactly ``age``."""
    end = np.datetime64(end_day, "D")
    end_year = end.astype("datetime64[Y]").astype(np.int64) + 1970
    year = end_year - age - 1
    start = (np.array(year - 1970).astype("datetime64[Y]")).astype("datetime64[D]").astype(np.int64)
    day = start + (rng.random(len(age)) * 365).astype(np.int64)
    # the birthday after `day` in end_year must fall after end_day for age to hold
    birthday_this_year = day + (end_year - year) * 365 + (end_year - year) // 4
    day = np.where(birthday_this_year <= end_day, day + 365, day)
    return day


def _yyyymmdd(days: np.ndarray) -> np.ndarray:
    dt = days.astype("datetime64[D]")
    year = dt.astype("datetime64[Y]").astype(np.int64) + 1970
    month = dt.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dom = (dt - dt.astype("datetime64[M]")).astype(np.int64) + 1
    return year * 10000 + month * 100 + dom


def whole_years(birth: np.ndarray, on_day: int) -> np.ndarray:
    """Whole years between each birth day and ``on_day`` (exact calendar arithmetic)."""
    b = _yyyymmdd(birth)
    d = int(_yyyymmdd(np.array([on_day]))[0])
    return (d - b) // 10000


def age_bands(birth: np.ndarray, on_day: int) -> np.ndarray:
    """Index into codes.AGE_BANDS of each customer's age on ``on_day``."""
    return np.searchsorted(np.array([25, 35, 45, 55]), whole_years(birth, on_day), side="right")


def generate_customers(
    rng: np.random.Generator, first_id: int, n: int, window: Window
) -> Customers:
    """Draw ``n`` customers with ids ``first_id`` … and consistent attributes."""
    end_day = window.last_day
    br = branches()
    weights = np.array([b.weight for b in br])
    branch = rng.choice(len(br), size=n, p=weights / weights.sum())
    city = np.array([b.city for b in br])[branch]
    tier = np.array([c.tier for c in CITIES])[city]

    age_band = rng.choice(5, size=n, p=AGE_BAND_SHARE)
    lo, hi = AGE_BAND_RANGE[age_band, 0], AGE_BAND_RANGE[age_band, 1]
    age = lo + (rng.random(n) ** 1.15 * (hi - lo)).astype(np.int64)
    female = rng.random(n) < 0.5
    birth_day = _birth_days(rng, age, end_day)
    age = whole_years(birth_day, end_day)

    occupation = choice_rows(rng, OCCUPATION_BY_AGE[age_band])
    education = choice_rows(rng, EDUCATION_BY_OCCUPATION[occupation])
    # nobody holds a degree before finishing it: bachelor at 22, master at 24
    education = np.minimum(education, np.select([age < 22, age < 24], [1, 2], 3))
    marital = choice_rows(rng, MARITAL_BY_AGE[age_band])
    age_factor = np.where(occupation == 5, 1.0, INCOME_AGE[age_band])
    log_income = np.log(INCOME_MEDIAN[occupation] * age_factor * INCOME_EDUCATION[education] * tier)
    income = np.exp(log_income + INCOME_SIGMA[occupation] * rng.standard_normal(n))
    income = np.maximum(np.round(income / 100) * 100, 1200)

    loan_origin = (rng.random(n) < LOAN_ORIGIN_SHARE) & (occupation != 4)  # no campus loans
    acquisition = choice_rows(rng, CHANNEL_BY_AGE[age_band])
    acquisition = np.where(
        loan_origin, rng.choice([1, 2, 3], size=n, p=[0.3, 0.15, 0.55]), acquisition
    )

    adult_day = birth_day + 18 * 365 + 5
    earliest = np.maximum(adult_day, day_number(EARLIEST_OPEN))
    first = window.first_day
    pre = earliest + ((first - earliest) * rng.random(n) ** 0.6).astype(np.int64)
    span = end_day - first + 1
    growth = (-1 + np.sqrt(1 + 3 * rng.random(n))) * span
    inside = first + growth.astype(np.int64)
    in_window = (rng.random(n) < IN_WINDOW_SHARE) | (earliest >= first)
    open_day = np.minimum(np.where(in_window, np.maximum(inside, earliest), pre), end_day)

    score = rng.standard_normal(n) + 0.6 * (np.log(income) - 11.5) - 0.03 * (age - 40)
    risk = np.searchsorted(np.array([-1.1, -0.1, 0.7, 1.5]), score)
    payroll = (rng.random(n) < PAYROLL_BY_OCCUPATION[occupation]) & ~loan_origin

    district = (rng.random(n) * np.array([len(c.districts) for c in CITIES])[city]).astype(np.int64)
    area_codes = _district_codes()[city, district]

    return Customers(
        customer_id=np.arange(first_id, first_id + n, dtype=np.int64),
        branch=branch,
        city=city,
        female=female,
        birth_day=birth_day,
        age=age,
        age_band=age_bands(birth_day, end_day),
        occupation=occupation,
        education=education,
        marital=marital,
        income=income,
        acquisition=acquisition,
        open_day=open_day,
        risk=risk,
        payroll=payroll,
        loan_origin=loan_origin,
        name=people.chinese_names(rng, female),
        id_number=people.resident_ids(rng, area_codes, _yyyymmdd(birth_day), female),
        phone=people.mobile_numbers(rng, n),
    )


def _district_codes() -> np.ndarray:
    """``(city, district)`` table of area codes; short rows repeat their first district."""
    width = max(len(c.districts) for c in CITIES)
    table = np.zeros((len(CITIES), width), dtype=np.int64)
    for i, c in enumerate(CITIES):
        codes = [int(code) for _, code in c.districts]
        table[i] = codes + [codes[0]] * (width - len(codes))
    return table
