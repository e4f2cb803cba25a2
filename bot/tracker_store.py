"""Rasa's SQL tracker store, able to forget a conversation on request, and quicker.

"Delete my data" runs in the action server while Rasa still holds the
conversation in memory; deleting its rows there would be undone when Rasa saves
the tracker at the end of the turn. So the action sets `erase_requested`, and
this store deletes the conversation instead of saving it.

Speed: Rasa's store counts the stored events again before each save, and with an
event broker loads the whole conversation again to find what is new (twice the
work of the turn's own load). This store remembers, on the tracker it loaded,
how many of its events are stored, and falls back to Rasa's way for any other
tracker. Rasa's lock store keeps one turn per conversation at a time, so nothing
else writes that conversation between our load and our save. A turn's events go in
with one Core insert, as the event broker's do, and come back with a statement built
once.
"""
from __future__ import annotations

import itertools
import json
import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Type

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.shared.utils.common import all_subclasses
from sqlalchemy import Table, bindparam, create_engine, delete, event, func, insert, or_, select
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql import Select

logger = logging.getLogger(__name__)
_STORED = "_passerelle_events_stored"  # set on trackers this store loaded or saved


def _sqlite_write_ahead_log(dbapi_connection: Any, _: Any) -> None:
    """Every message is saved with a commit. SQLite's default journal syncs the disk
    on each commit, blocking the event loop (1 ms here, more on a spinning disk); with
    a write-ahead log it syncs at checkpoints. A power cut may lose the last turns,
    never the file."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def pool_sqlite_connections(store: Any) -> None:
    """SQLAlchemy 1.4 opens and closes a SQLite file for every query (NullPool), and
    closing it costs more than the query: give a store on a SQLite file (anything with
    `engine` and `sessionmaker`) a few connections kept open instead."""
    unpooled = store.engine
    if unpooled.dialect.name != "sqlite" or unpooled.url.database in (None, "", ":memory:"):
        return
    store.engine = create_engine(unpooled.url, poolclass=QueuePool, connect_args={"check_same_thread": False})
    event.listen(store.engine, "connect", _sqlite_write_ahead_log)
    store.sessionmaker.configure(bind=store.engine)
    unpooled.dispose()


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


def _latest_session_query(events: Table) -> Select:
    """Rasa's query for the events of a conversation's latest session, built once: Rasa
    builds an ORM query per message, and SQLAlchemy then spends about a millisecond
    working out its cache key; this statement keeps its key. Only the JSON is read."""
    sender = bindparam("sender_id")
    session_start = (
        select(func.max(events.c.timestamp))
        .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    return (
        select(events.c.data)
        .where(events.c.sender_id == sender, or_(events.c.timestamp >= session_start, session_start.is_(None)))
        .order_by(events.c.id)
    )


class ErasableSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pool_sqlite_connections(self)
        self._latest_session_query = _latest_session_query(self.SQLEvent.__table__)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            if fetch_events_from_all_sessions:  # rare (Rasa's HTTP API): Rasa's own query
                found = (row.data for row in self._event_query(session, sender_id, True))
            else:  # every message
                found = session.execute(self._latest_session_query, {"sender_id": sender_id}).scalars()
            stored = [json.loads(data) for data in found]
        if not self.domain or not stored:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, _deserialise(stored), self.domain.slots)
        if not fetch_events_from_all_sessions:  # the events Rasa's own count would find
            setattr(tracker, _STORED, len(stored))
        return tracker

    @staticmethod
    def _unstored_events(tracker: DialogueStateTracker) -> Optional[List[Event]]:
        """The events not stored yet, if this store loaded or saved the tracker; None if it cannot tell."""
        stored = getattr(tracker, _STORED, None)
        return None if stored is None else list(itertools.islice(tracker.events, stored, None))

    async def _stream_new_events(self, event_broker: Any, new_events: List[Event], sender_id: Text) -> None:
        publish_all = getattr(event_broker, "publish_all", None)
        if publish_all is None:
            return await super()._stream_new_events(event_broker, new_events, sender_id)
        publish_all([{"sender_id": sender_id, **event.as_dict()} for event in new_events])

    async def save(self, tracker: DialogueStateTracker) -> None:
        if tracker.get_slot("erase_requested"):
            self.erase(tracker.sender_id)
            setattr(tracker, _STORED, None)  # nothing of it is stored any more: ask the database
            return
        new_events = self._unstored_events(tracker)
        if new_events is None:
            await super().save(tracker)
        elif new_events:
            if self.event_broker is not None:
                await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
            self._insert(tracker.sender_id, new_events)
        setattr(tracker, _STORED, len(tracker.events))

    def _insert(self, sender_id: Text, new_events: List[Event]) -> None:
        """The rows Rasa's save writes, in one Core insert: the ORM's unit of work costs
        twice as much for the same rows."""
        rows = []
        for event in new_events:
            data = event.as_dict()
            rows.append({
                "sender_id": sender_id,
                "type_name": event.type_name,
                "timestamp": data.get("timestamp"),
                "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"),
                "data": json.dumps(data),
            })
        with self.session_scope() as session:
            session.execute(insert(self.SQLEvent.__table__), rows)
            session.commit()

    def erase(self, sender_id: str) -> None:
        with self.session_scope() as session:
            deleted = session.execute(delete(self.SQLEvent).where(self.SQLEvent.sender_id == sender_id)).rowcount
            session.commit()
        logger.info("erased conversation %s (%d events)", sender_id, deleted)
