"""The project's own evaluation set, scored in CI: execution accuracy by language and
category on the small generated mart. The bar is 95% per language."""

from __future__ import annotations

from pathlib import Path

from assistant.answer import Assistant
from assistant.evaluate import evaluate

QUESTIONS = Path(__file__).with_name("questions.jsonl")


def test_own_evaluation_scores_at_least_95_percent_per_language(assistant: Assistant) -> None:
    fresh = Assistant(assistant.warehouse, assistant.parser)  # its own conversations
    report = evaluate(fresh, QUESTIONS)
    by_lang = report.accuracy("lang")
    lines = [f"overall {report.overall:.1%} ({sum(r.ok for r in report.results)}/{len(report.results)})"]
    lines += [f"  {k}: {ok}/{n} = {ok / n:.1%}" for k, (ok, n) in by_lang.items()]
    lines += [f"  [{k}] {ok}/{n}" for k, (ok, n) in report.accuracy("category").items()]
    lines += [f"  ✗ {r.id} {r.detail}" for r in report.results if not r.ok]
    print("\nOwn evaluation set 自有评测集:\n" + "\n".join(lines))
    assert len(report.results) >= 200
    for lang, (ok, n) in by_lang.items():
        assert ok / n >= 0.95, f"{lang} below 95%:\n" + "\n".join(lines)
