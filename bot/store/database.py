"""The store: our database (sessions), the Rasa tracker store's and its event broker's, with one clock.

Actions use the process-wide `default_store()`; tests and tools build their own.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import cached_property
from datetime import datetime, timezone
from typing import Callable, Iterator, Optional

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.store import config


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so every stored time is UTC without one."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    def __init__(
        self,
        url: Optional[str] = None,
        tracker_url: Optional[str] = None,
        clock: Callable[[], datetime] = utcnow,
        events_url: Optional[str] = None,
    ):
        self.url = url or config.store_url()
        self.tracker_url = tracker_url or config.tracker_url()
        self.events_url = events_url or config.events_url()
        self.clock = clock
        self.engine: Engine = config.make_engine(self.url)
        # Objects stay readable after commit: functions return plain values built from them.
        self._sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with self._sessions.begin() as session:
            yield session

    # Rasa's databases are opened on first use: most callers only need ours.
    @cached_property
    def tracker_engine(self) -> Engine:
        return config.make_engine(self.tracker_url)

    @cached_property
    def events_engine(self) -> Engine:
        return config.make_engine(self.events_url)

    def now(self) -> datetime:
        return self.clock()

    def dispose(self) -> None:
        self.engine.dispose()
        for opened in ("tracker_engine", "events_engine"):
            if opened in self.__dict__:
                self.__dict__[opened].dispose()


_default: Optional[Store] = None
_default_lock = threading.Lock()


def default_store() -> Store:
    """The store of DATABASE_URL, TRACKER_DATABASE_URL and PASSERELLE_EVENTS_DATABASE_URL,
    migrated to the latest schema once."""
    global _default
    with _default_lock:
        if _default is None:
            from bot.store.migrations import upgrade

            url = config.store_url()
            upgrade(url)
            _default = Store(url)
        return _default


def resolve(store: Optional[Store]) -> Store:
    return store if store is not None else default_store()
