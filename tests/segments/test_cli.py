"""``wenshu segments find / export``: a thin shell over the library API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli.segments import segments_app
from assistant.segments import SegmentSearch, mask_id
from semantic_layer.errors import QueryError

pytestmark = pytest.mark.slow  # the finder run through the command line on the test mart, seconds each

app = typer.Typer()
app.add_typer(segments_app, name="segments")
runner = CliRunner()


def test_find_json_equals_the_api(seg_mart: Path, campaign_search: SegmentSearch) -> None:
    result = runner.invoke(
        app,
        [
            "segments",
            "find",
            "--goal",
            "campaign",
            "--campaign",
            "存转贷",
            "--db",
            str(seg_mart),
            "--json",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(json.dumps(campaign_search.segments("en")))


def test_export_writes_masked_list(
    seg_mart: Path, campaign_search: SegmentSearch, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("WENSHU_EXPORT_SALT", "env-salt")
    out = tmp_path / "top.csv"
    result = runner.invoke(
        app,
        [
            "segments",
            "export",
            "--goal",
            "campaign:deposit_to_loan",
            "--rank",
            "1",
            "--out",
            str(out),
            "--db",
            str(seg_mart),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    first = campaign_search.segments("en")[0]
    assert len(lines) == first["size"] + 1
    assert f"Exported {first['size']:,} customers" in result.output
    ids = campaign_search.frames.current["customer_id"].tolist()
    assert {line.split(",")[0] for line in lines[1:]} <= {mask_id(i, "env-salt") for i in ids}


def test_unknown_goal_is_a_user_error(seg_mart: Path) -> None:
    result = runner.invoke(
        app, ["segments", "find", "--goal", "deposit_to_lone", "--db", str(seg_mart)]
    )
    assert isinstance(result.exception, QueryError)
    assert "deposit_to_loan" in result.exception.suggestions
