"""Where the databases are: ours (intake, tickets), Rasa's tracker store and its event broker.

Relative SQLite paths are resolved against the project root, so the action
server, the Rasa server and the CLI find the same file whatever their cwd.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

ROOT = Path(__file__).resolve().parent.parent.parent

DEFAULT_STORE_URL = "sqlite:///var/passerelle.db"
DEFAULT_TRACKER_URL = "sqlite:///var/tracker.db"  # the same file as endpoints.yml
DEFAULT_EVENTS_URL = "sqlite:///var/events.db"  # the SQL event broker of endpoints.yml


def store_url() -> str:
    return resolve_url(os.environ.get("DATABASE_URL") or DEFAULT_STORE_URL)


def tracker_url() -> str:
    return resolve_url(os.environ.get("TRACKER_DATABASE_URL") or DEFAULT_TRACKER_URL)


def events_url(environ: Mapping[str, str] = os.environ) -> str:
    return resolve_url((environ.get("PASSERELLE_EVENTS_DATABASE_URL") or "").strip() or DEFAULT_EVENTS_URL)


def resolve_url(url: str) -> str:
    """Anchor a relative SQLite path at the project root (and create its folder)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return url
    path = Path(parsed.database)
    if not path.is_absolute():
        path = ROOT / path
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(parsed.set(database=str(path)))


def make_engine(url: str) -> Engine:
    """A 2.0-style engine; SQLite enforces foreign keys like PostgreSQL does."""
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
