"""A Core statement sent on the session's own driver connection: for the one call where SQLAlchemy's execution
machinery costs more than the statement (the heartbeat, docs/PERFORMANCE.md "Heartbeat").

Around a single statement SQLAlchemy looks the compiled form up in its cache, builds an execution context and a
result whose metadata comes from psycopg's description of every column (53 for the beat's read). Here the
statement is still composed once with SQLAlchemy and compiled once per dialect; its text goes straight to the
driver's cursor, inside the session's transaction (same connection, same commit). Values pass through each
type's own bind and result processors (``TypeEngine.bind_processor`` / ``result_processor``), so what is sent
and read back is what the ORM path sends and reads. ``before_cursor_execute`` and ``after_cursor_execute``
listeners still see the statement (the guard that reads never write, statement counts). On another driver
(SQLite's, whose placeholders are positional) the statement runs through SQLAlchemy as usual.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter


# Named placeholders (``%(name)s``), as the statement compiles for it: the driver the product runs on in production.
DIRECT_DRIVER = "psycopg"


class DriverStatement:
    def __init__(self, statement) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, dict]] = {}
        self._result_processors: dict[str, list] = {}

    def _for(self, dialect) -> tuple[str, dict]:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            # Each type as the dialect implements it (psycopg parses JSON itself, a TypeDecorator wraps its impl).
            binds = {node.key: node.type.dialect_impl(dialect).bind_processor(dialect)
                     for node in visitors.iterate(self.statement) if isinstance(node, BindParameter)}
            compiled = self._compiled[dialect.name] = (
                str(self.statement.compile(dialect=dialect)), {k: p for k, p in binds.items() if p is not None})
        return compiled

    def _results(self, dialect, cursor) -> list:
        """Each column's result processor, asked once with the type the server reported (as SQLAlchemy asks it);
        the cursor's description, which psycopg builds column by column when asked, is read only then."""
        results = self._result_processors.get(dialect.name)
        if results is None:
            results = [column.type.dialect_impl(dialect).result_processor(dialect, described.type_code)
                       for column, described in zip(self.statement.selected_columns, cursor.description)]
            results = self._result_processors[dialect.name] = results if any(results) else []
        return results

    def fetchone(self, connection: Connection, params: dict[str, Any]) -> tuple | None:
        """The first row (each value through its column type's result processor), or None."""
        if connection.dialect.driver != DIRECT_DRIVER:
            return connection.execute(self.statement, params).first()
        with self._run(connection, params) as cursor:
            row = cursor.fetchone()
            if row is None:
                return None
            results = self._results(connection.dialect, cursor)
        if not results:
            return row
        return tuple(value if process is None or value is None else process(value)
                     for value, process in zip(row, results))

    def execute(self, connection: Connection, params: dict[str, Any]) -> None:
        if connection.dialect.driver != DIRECT_DRIVER:
            connection.execute(self.statement, params)
            return
        with self._run(connection, params):
            pass

    def _run(self, connection: Connection, params: dict[str, Any]):
        text, binds = self._for(connection.dialect)
        params = {k: (binds[k](v) if k in binds else v) for k, v in params.items()}
        cursor = connection.connection.driver_connection.cursor()
        context = SimpleNamespace()  # listeners that keep something on the execution context keep it here
        try:
            for listener in connection.dispatch.before_cursor_execute:
                listener(connection, cursor, text, params, context, False)
            cursor.execute(text, params)
            for listener in connection.dispatch.after_cursor_execute:
                listener(connection, cursor, text, params, context, False)
        except BaseException:
            cursor.close()
            raise
        return cursor
