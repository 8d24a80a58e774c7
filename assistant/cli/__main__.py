"""``python -m assistant.cli`` runs the ``wenshu`` command."""

from assistant.cli import run

run()
