"""The pinyin of data names, worked out once and kept between runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.parse.vocabulary.pinyin import pinyin_of
from semantic_layer import disk_cache


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WENSHU_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_names_with_chinese_characters_get_their_pinyin() -> None:
    assert pinyin_of(["上海", "北京", "Shanghai", "广州", "上海"]) == {"上海": "shanghai", "北京": "beijing", "广州": "guangzhou"}


def test_no_chinese_names_no_pinyin(cache_dir: Path) -> None:
    assert pinyin_of(["Shanghai", "A1"]) == {}
    assert list(cache_dir.iterdir()) == []


def test_a_warm_start_reads_the_kept_pinyin(cache_dir: Path) -> None:
    pinyin_of(["上海"])
    [kept] = cache_dir.glob("wenshu-pinyin-*.marshal")
    disk_cache.store(str(kept), {"上海": "kept"})
    assert pinyin_of(["上海"]) == {"上海": "kept"}
    assert pinyin_of(["上海", "北京"]) == {"上海": "shanghai", "北京": "beijing"}  # other names, another key


def test_an_unreadable_cache_is_worked_out_again(cache_dir: Path) -> None:
    pinyin_of(["上海"])
    [kept] = cache_dir.glob("wenshu-pinyin-*.marshal")
    kept.write_bytes(b"\x00not marshal")
    assert pinyin_of(["上海"]) == {"上海": "shanghai"}


def test_a_syllable_that_starts_with_a_vowel_is_written_after_an_apostrophe() -> None:
    assert pinyin_of(["西安", "上海"]) == {"西安": "xi'an", "上海": "shanghai"}
