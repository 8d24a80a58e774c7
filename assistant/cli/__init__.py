"""The ``wenshu`` command: a thin shell over the library API."""

from __future__ import annotations

import importlib
import sys
from typing import Any, NoReturn

import typer

HELP = "问数 wenshu — ask your bank's data in Chinese or English. 用中文或英文问数据。"
#: every command: name → (module, attribute, a group of subcommands?). A run imports only
#: the module of the command it runs (``wenshu ask`` need not load Slack, schedules, …).
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "data": ("assistant.cli.data", "data_app", True),
    "tags": ("assistant.cli.tags", "tags_app", True),
    "model": ("assistant.cli.model", "model_app", True),
    "segments": ("assistant.cli.segments", "segments_app", True),
    "saved": ("assistant.cli.saved", "saved_app", True),
    "schedule": ("assistant.cli.schedule", "schedule_app", True),
    "alert": ("assistant.cli.alert", "alert_app", True),
    "ask": ("assistant.cli.ask", "ask_command", False),
    "eval": ("assistant.cli.evaluate", "eval_command", False),
    "demo": ("assistant.cli.demo", "demo_command", False),
    "chat": ("assistant.cli.chat", "chat_command", False),
    "audit": ("assistant.cli.audit", "audit_command", False),
    "slack": ("assistant.cli.slack", "slack_command", False),
}
#: commands that leave nothing for the interpreter's teardown to finish (every file they
#: write is closed by then): their process ends without it (see ``run``)
QUICK_END = frozenset({"ask"})


def build_app(only: str | None = None) -> typer.Typer:
    """The ``wenshu`` command with every subcommand, or with ``only`` that one."""
    built = typer.Typer(
        name="wenshu",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    built.callback()(_commands)  # a group even with one command: "wenshu ask …" keeps its name
    for name, (module, attribute, group) in COMMANDS.items():
        if only is None or name == only:
            command = getattr(importlib.import_module(module), attribute)
            if group:
                built.add_typer(command, name=name)
            else:
                built.command(name)(command)
    return built


def _commands() -> None:
    """The group's own callback: nothing to do before a subcommand (the help is ``HELP``)."""


def __getattr__(name: str) -> Any:
    """``assistant.cli.app``: the whole command (built on first use, for tests and tools)."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def main() -> None:
    """The command; user errors print a bilingual message, not a traceback."""
    from semantic_layer.errors import WenshuError

    first = sys.argv[1] if len(sys.argv) > 1 else None
    try:
        build_app(first if first in COMMANDS else None)()
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


def run() -> None:
    """The ``wenshu`` script and ``python -m assistant.cli``: :func:`main` in a process of its
    own. After a ``QUICK_END`` command the process ends as the interpreter ends it — other
    threads finished, exit handlers run, output flushed — without freeing every object one
    by one first (a tenth of a second of ``wenshu ask``, once the answer is out). Under a
    profiler or a tracer (cProfile, coverage, a debugger) the interpreter ends it as usual."""
    first = sys.argv[1] if len(sys.argv) > 1 else None
    if first not in QUICK_END or sys.getprofile() is not None or sys.gettrace() is not None:
        main()
        return
    try:
        main()
    except SystemExit as done:
        _end(done.code)
    _end(None)


def _end(code: object) -> NoReturn:
    """Exit with ``code`` as ``sys.exit(code)`` would, skipping the interpreter's teardown."""
    import atexit
    import os
    import threading

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # sys.exit("message"): the message, and status 1
    status = code if isinstance(code, int) else 0 if code is None else 1
    threading._shutdown()  # type: ignore[attr-defined]  # what the interpreter does first: wait for threads
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: the status the interpreter gives then
        status = 120
    os._exit(status)
