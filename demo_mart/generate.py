"""Build the demo data mart: a DuckDB file with exactly the tables of spec section 1.

Customers are generated in fixed-size chunks, each from its own seeded random
streams, and appended to DuckDB through Arrow, so memory stays bounded and the same
seed always gives the same table contents.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from assistant.datacheck.errors import MartError
from demo_mart.calendar import Window
from demo_mart.campaigns import campaign_calendar
from demo_mart.chunk import generate_chunk
from demo_mart.schema import TABLES, create_tables
from demo_mart.tables import ID_TABLES, chunk_tables, fixed_tables

CHUNK_SIZE = 25_000
MAX_CUSTOMERS = 50_000_000
MAX_MONTHS = 240


class MartArgumentError(MartError):
    """Generator arguments out of range (customers <= 0, months < 1, ...)."""


@dataclass
class GenerationReport:
    """What ``generate_mart`` wrote: rows per table and the time it took."""

    path: Path
    customers: int
    seed: int
    end_date: date
    months: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def rows_per_second(self) -> dict[str, float]:
        """Rows written per second of total build time, per table."""
        return {t: r / self.seconds if self.seconds else 0.0 for t, r in self.rows.items()}


def validate_arguments(customers: int, months: int, end_date: date) -> None:
    """Raise ``MartArgumentError`` (bilingual) for arguments the generator cannot honour."""
    if customers <= 0 or customers > MAX_CUSTOMERS:
        raise MartArgumentError(
            zh=f"客户数必须在 1 到 {MAX_CUSTOMERS:,} 之间,收到 {customers}。请用 --customers 指定一个正整数。",
            en=f"customers must be between 1 and {MAX_CUSTOMERS:,}, got {customers}. Pass a positive --customers.",
        )
    if months < 1 or months > MAX_MONTHS:
        raise MartArgumentError(
            zh=f"月份数必须在 1 到 {MAX_MONTHS} 之间,收到 {months}。请用 --months 指定,例如 24。",
            en=f"months must be between 1 and {MAX_MONTHS}, got {months}. Pass --months, e.g. 24.",
        )
    if end_date.year < 2000 or end_date.year > 2100:
        raise MartArgumentError(
            zh=f"结束日期 {end_date} 超出支持范围(2000–2100 年)。请用 --end-date 指定,例如 2025-12-31。",
            en=f"end date {end_date} is outside the supported years 2000-2100. Pass --end-date, e.g. 2025-12-31.",
        )


def generate_mart(
    out: Path,
    customers: int = 20_000,
    seed: int = 42,
    end_date: date = date(2025, 12, 31),
    months: int = 24,
    progress: bool = False,
    on_chunk: Callable[[int, int], None] | None = None,
) -> GenerationReport:
    """Write a fresh demo mart to ``out`` (an existing file is replaced).

    ``progress`` shows a rich progress bar; ``on_chunk(done, total)`` is called after
    each chunk of customers is written.
    """
    validate_arguments(customers, months, end_date)
    out = Path(out)
    started = time.perf_counter()
    window = Window(end_date, months)
    calendar = campaign_calendar(window, seed, customers)
    report = GenerationReport(out, customers, seed, end_date, months, rows=dict.fromkeys(TABLES, 0))
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in (out, out.with_name(out.name + ".wal")):
        stale.unlink(missing_ok=True)
    chunks = [
        (i, i * CHUNK_SIZE, min(CHUNK_SIZE, customers - i * CHUNK_SIZE))
        for i in range(-(-customers // CHUNK_SIZE))
    ]
    offsets = dict.fromkeys(ID_TABLES, 1)

    bar = _progress_bar(progress, len(chunks))
    con = duckdb.connect(str(out))
    try:
        con.execute("SET preserve_insertion_order = true")
        create_tables(con)
        for name, table in fixed_tables(calendar).items():
            con.from_arrow(table).insert_into(name)
            report.rows[name] += table.num_rows
        for index, start, size in chunks:
            chunk = generate_chunk(seed, index, start + 1, size, window, calendar)
            for name, table in chunk_tables(chunk, offsets, window, calendar).items():
                con.from_arrow(table).insert_into(name)
                report.rows[name] += table.num_rows
                if name in offsets:
                    offsets[name] += table.num_rows
            del chunk
            if bar is not None:
                bar.update(1)
            if on_chunk is not None:
                on_chunk(index + 1, len(chunks))
        con.execute("CHECKPOINT")
    finally:
        con.close()
        if bar is not None:
            bar.close()
    report.seconds = time.perf_counter() - started
    return report


class _Bar:
    def __init__(self, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("生成数据 Generating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=True,
        )
        self.task = self.progress.add_task("chunks", total=total)
        self.progress.start()

    def update(self, step: int) -> None:
        self.progress.advance(self.task, step)

    def close(self) -> None:
        self.progress.stop()


def _progress_bar(enabled: bool, total: int) -> _Bar | None:
    return _Bar(total) if enabled else None
