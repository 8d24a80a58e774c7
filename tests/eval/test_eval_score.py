"""The project's evaluation sets, scored in CI: execution accuracy by language and
category on the small generated mart. The bar is 95% per language. questions.jsonl
is the main set; holdout.jsonl was written later by someone who had not seen the
parser, to measure how well it generalises to new phrasings."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import Assistant
from assistant.evaluate import evaluate

SETS = {"questions.jsonl": 200, "holdout.jsonl": 150}  # file → minimum number of questions


@pytest.mark.parametrize(("name", "minimum"), SETS.items())
def test_own_evaluation_scores_at_least_95_percent_per_language(assistant: Assistant, name: str, minimum: int) -> None:
    fresh = Assistant(assistant.warehouse, assistant.parser)  # its own conversations
    report = evaluate(fresh, Path(__file__).with_name(name))
    by_lang = report.accuracy("lang")
    lines = [f"overall {report.overall:.1%} ({sum(r.ok for r in report.results)}/{len(report.results)})"]
    lines += [f"  {k}: {ok}/{n} = {ok / n:.1%}" for k, (ok, n) in by_lang.items()]
    lines += [f"  [{k}] {ok}/{n}" for k, (ok, n) in report.accuracy("category").items()]
    lines += [f"  ✗ {r.id} {r.detail}" for r in report.results if not r.ok]
    print(f"\nEvaluation set 评测集 {name}:\n" + "\n".join(lines))
    assert len(report.results) >= minimum
    for lang, (ok, n) in by_lang.items():
        assert ok / n >= 0.95, f"{lang} below 95%:\n" + "\n".join(lines)
