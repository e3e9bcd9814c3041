"""A SELECT compiled once per database dialect and run straight on the driver's cursor.

For the few statements an uncached article page runs: SQLAlchemy's work per execution
(the statement's cache key, the execution context, the result object) costs several
times what the database does for a read by primary key or index. A ``Prepared``
statement keeps the compiled SQL, the order of its parameters and each column's type
conversions, and runs inside the session's own transaction (its connection, its
snapshot), so it reads exactly what ``session.execute`` would, and the engine's
``before_cursor_execute`` and ``after_cursor_execute`` listeners see it::

    PAGE = Prepared(select(Article.id, Article.published_at).where(Article.slug == bindparam("s")))
    row = PAGE.first(session, s="a-story")    # row.id, row.published_at (a datetime)
    rows = PAGE.all(session, s="a-story")

Statements with parameters SQLAlchemy rewrites at each execution (an expanding ``IN``,
literal-rendered values) are refused when first run: bind each value instead.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from typing import Any

from sqlalchemy import CompoundSelect, Dialect, Select
from sqlalchemy.orm import Session

Processor = Callable[[Any], Any] | None


class _Compiled:
    def __init__(self, statement: Select[Any] | CompoundSelect[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.post_compile_params or compiled.literal_execute_params:
            raise ValueError("a prepared statement takes plain bound parameters only")
        self.sql = compiled.string
        self.names = compiled.positiontup  # None: the driver takes named parameters
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        # values bound in the statement itself (``literal``, ``bindparam(value=...)``)
        self.defaults = {name: b.effective_value for name, b in binds.items() if not b.required}
        processors = (
            (n, b.type.dialect_impl(dialect).bind_processor(dialect)) for n, b in binds.items()
        )
        self.binds = [(name, process) for name, process in processors if process is not None]
        columns = list(statement.selected_columns)
        self.results: list[Processor] = [
            c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns
        ]
        self.converted = any(self.results)
        self.row = namedtuple("Row", [c.key for c in columns])  # type: ignore[misc]

    def parameters(self, values: dict[str, Any]) -> Any:
        merged = {**self.defaults, **values}
        for name, process in self.binds:
            merged[name] = process(merged[name])
        return merged if self.names is None else tuple(merged[name] for name in self.names)

    def make(self, raw: Any) -> Any:
        if self.converted:
            raw = [v if f is None else f(v) for f, v in zip(self.results, raw, strict=True)]
        return self.row(*raw)


class Prepared:
    def __init__(self, statement: Select[Any] | CompoundSelect[Any]) -> None:
        self.statement = statement
        self._compiled: dict[tuple[str, str, str], _Compiled] = {}  # by dialect and driver

    def _run(self, session: Session, values: dict[str, Any]) -> tuple[_Compiled, Any]:
        connection = session.connection()
        dialect = connection.dialect
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = _Compiled(self.statement, dialect)
        sql, parameters = compiled.sql, compiled.parameters(values)
        cursor = connection.connection.cursor()
        # Instrumentation listening to the engine (the tests' statement counts) sees these
        # statements as it sees the others.
        events = connection.dispatch
        for listen in events.before_cursor_execute:
            listen(connection, cursor, sql, parameters, None, False)
        try:
            cursor.execute(sql, parameters)
        except BaseException:
            cursor.close()
            raise
        for listen in events.after_cursor_execute:
            listen(connection, cursor, sql, parameters, None, False)
        return compiled, cursor

    def first(self, session: Session, **values: Any) -> Any:
        """The first row, or None."""
        compiled, cursor = self._run(session, values)
        try:
            raw = cursor.fetchone()
        finally:
            cursor.close()
        return None if raw is None else compiled.make(raw)

    def all(self, session: Session, **values: Any) -> list[Any]:
        compiled, cursor = self._run(session, values)
        try:
            return [compiled.make(raw) for raw in cursor.fetchall()]
        finally:
            cursor.close()
