"""The ``wenshu`` command: a thin shell over the library API."""

from __future__ import annotations

import sys

import typer

from assistant.cli.alert import alert_app
from assistant.cli.ask import ask_command
from assistant.cli.audit import audit_command
from assistant.cli.chat import chat_command
from assistant.cli.data import data_app
from assistant.cli.demo import demo_command
from assistant.cli.evaluate import eval_command
from assistant.cli.model import model_app
from assistant.cli.saved import saved_app
from assistant.cli.schedule import schedule_app
from assistant.cli.segments import segments_app
from assistant.cli.slack import slack_command
from assistant.cli.tags import tags_app

app = typer.Typer(
    name="wenshu",
    help="问数 wenshu — ask your bank's data in Chinese or English. 用中文或英文问数据。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(data_app, name="data")
app.add_typer(tags_app, name="tags")
app.add_typer(model_app, name="model")
app.add_typer(segments_app, name="segments")
app.add_typer(saved_app, name="saved")
app.add_typer(schedule_app, name="schedule")
app.add_typer(alert_app, name="alert")
app.command("ask")(ask_command)
app.command("eval")(eval_command)
app.command("demo")(demo_command)
app.command("chat")(chat_command)
app.command("audit")(audit_command)
app.command("slack")(slack_command)


def main() -> None:
    """Console entry point; user errors print a bilingual message, not a traceback."""
    from semantic_layer.errors import WenshuError

    try:
        app()
    except WenshuError as err:
        from rich.console import Console

        Console(stderr=True).print(f"[red]{err.bilingual()}[/red]", highlight=False)
        sys.exit(2)
    except Exception as exc:  # a bug: one line for the user, the details in the log
        import logging

        from rich.console import Console

        logging.getLogger("wenshu").debug("internal error", exc_info=True)
        Console(stderr=True).print(f"[red]内部错误 Internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}[/red]", highlight=False)
        sys.exit(3)
