"""Rasa's SQL tracker store, able to forget a conversation on request, and quicker on SQLite.

"Delete my data" runs in the action server while Rasa still holds the
conversation in memory; deleting its rows there would be undone when Rasa saves
the tracker at the end of the turn. So the action sets `erase_requested`, and
this store deletes the conversation instead of saving it.
"""
from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Type

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from sqlalchemy import create_engine, delete, event
from sqlalchemy.pool import QueuePool

logger = logging.getLogger(__name__)


def _sqlite_write_ahead_log(dbapi_connection: Any, _: Any) -> None:
    """Every message is saved with a commit. SQLite's default journal syncs the disk
    on each commit, blocking the event loop (1 ms here, more on a spinning disk); with
    a write-ahead log it syncs at checkpoints. A power cut may lose the last turns,
    never the file."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@lru_cache(maxsize=None)
def _event_types() -> Dict[Text, Type[Event]]:
    return {cls.type_name: cls for cls in all_subclasses(Event)}


def _deserialise(rows: List[Dict[Text, Any]]) -> List[Event]:
    """Rasa's `deserialise_events`, without walking Event's subclass tree for every event
    (a third of the time spent loading a conversation)."""
    events = []
    for data in rows:
        cls = _event_types().get(data.get("event"))
        found = cls._from_parameters(data) if cls else Event.from_parameters(data)
        if found:
            events.append(found)
    return events


class ErasableSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            self._pool_sqlite_connections()

    def _pool_sqlite_connections(self) -> None:
        """SQLAlchemy 1.4 opens and closes a SQLite file for every query (NullPool), and
        closing it costs more than the query: keep a few connections open instead."""
        unpooled = self.engine
        self.engine = create_engine(unpooled.url, poolclass=QueuePool, connect_args={"check_same_thread": False})
        event.listen(self.engine, "connect", _sqlite_write_ahead_log)
        self.sessionmaker.configure(bind=self.engine)
        unpooled.dispose()

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
            stored = [json.loads(row.data) for row in rows]
        if not self.domain or not stored:
            return None
        return DialogueStateTracker.from_events(sender_id, _deserialise(stored), self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if tracker.get_slot("erase_requested"):
            self.erase(tracker.sender_id)
            return
        await super().save(tracker)

    def erase(self, sender_id: str) -> None:
        with self.session_scope() as session:
            deleted = session.execute(delete(self.SQLEvent).where(self.SQLEvent.sender_id == sender_id)).rowcount
            session.commit()
        logger.info("erased conversation %s (%d events)", sender_id, deleted)
