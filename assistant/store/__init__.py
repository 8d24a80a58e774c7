"""The team store (团队存储): saved answers, schedules, alert rules and their runs.

SQLite at ``<state dir>/wenshu.db`` by default, PostgreSQL when ``WENSHU_STATE_URL``
says so; the schema is migrated with Alembic whenever a store is opened. Every re-run
goes through ``Assistant.run_query``: the same guard, role scope, small-group
suppression and audit as a question. See ``docs/saved.md``.

    store.Store           the tables, opened and migrated (engine, migrate, schema, records)
    saved                 save an answer, re-run it, who may use it
    changes               what changed between two runs
    schedules, alerts     pushes and alert rules, checked before they are written
    cron, due             when something is due; run what is due once (``run_due``)
    deliver, scheduler    how messages go out; APScheduler in a long-lived process

Import from the modules themselves: this package imports nothing, so a command that
does not touch the store does not pay for SQLAlchemy and Alembic.
"""
