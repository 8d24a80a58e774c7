"""Personal identifiers: Chinese names, resident ID numbers (GB 11643) and mobile numbers."""

from __future__ import annotations

import numpy as np

# Common surnames, most frequent first (weights fall off like the real distribution).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
MALE_CHARS = (
    "伟强磊军洋勇杰涛明超斌鹏辉华飞刚平波宇浩俊峰建文晨博子轩睿泽然天一志国海东林鑫宏毅凯思诚嘉家成"
)
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲婷雪慧颖琳倩洁燕萍红梅丹欣怡佳悦晴雨涵诗梦琪萱瑶婧月彤璐薇晓淑"

MOBILE_PREFIXES = np.array(
    [130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 153, 155, 156, 157,
     158, 159, 166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189,
     191, 193, 195, 198, 199],
    dtype=np.int64,
)  # fmt: skip

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK_CHARS = np.array(list("10X98765432"))


def _pick(rng: np.random.Generator, chars: str, n: int, zipf: float = 0.0) -> np.ndarray:
    pool = np.array(list(chars))
    weights = 1.0 / np.arange(1, len(pool) + 1) ** zipf
    return pool[rng.choice(len(pool), size=n, p=weights / weights.sum())]


def chinese_names(rng: np.random.Generator, female: np.ndarray) -> np.ndarray:
    """Surname plus a one- or two-character given name chosen by gender."""
    n = len(female)
    surname = _pick(rng, SURNAMES, n, zipf=0.9)
    first = np.where(female, _pick(rng, FEMALE_CHARS, n), _pick(rng, MALE_CHARS, n))
    second = np.where(female, _pick(rng, FEMALE_CHARS, n), _pick(rng, MALE_CHARS, n))
    second = np.where(rng.random(n) < 0.72, second, "")
    return np.char.add(np.char.add(surname, first), second)


def id_check_chars(first17: np.ndarray) -> np.ndarray:
    """GB 11643 check characters for an ``(n, 17)`` array of digits."""
    return ID_CHECK_CHARS[(first17 * ID_WEIGHTS).sum(axis=1) % 11]


def resident_ids(
    rng: np.random.Generator, area_codes: np.ndarray, birth_yyyymmdd: np.ndarray, female: np.ndarray
) -> np.ndarray:
    """18-character resident ID numbers: area, birth date, sequence (odd = male), check digit."""
    n = len(area_codes)
    sequence = rng.integers(0, 50, n) * 20 + rng.integers(0, 5, n) * 2 + np.where(female, 0, 1)
    body = (area_codes.astype(np.int64) * 10**8 + birth_yyyymmdd) * 1000 + sequence
    digits = (body[:, None] // 10 ** np.arange(16, -1, -1)) % 10
    return np.char.add(body.astype("U17"), id_check_chars(digits))


def mobile_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """11-digit mobile numbers with real carrier prefixes."""
    prefix = MOBILE_PREFIXES[rng.integers(0, len(MOBILE_PREFIXES), n)]
    return (prefix * 10**8 + rng.integers(0, 10**8, n)).astype("U11")
