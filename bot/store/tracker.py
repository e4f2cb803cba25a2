"""Reading and deleting rows of Rasa's SQL tracker store (`events` table).

Rasa owns that table (rasa.core.tracker_store.SQLTrackerStore creates it); we
declare only the columns we use and never create it. A tracker database that
does not exist yet simply has no events.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Tuple

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, inspect, select
from sqlalchemy.engine import Engine

events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),  # seconds since the epoch (UTC)
    Column("intent_name", String(255)),
    Column("action_name", String(255)),  # for `slot` events: the slot's name
    Column("data", Text),  # the event as JSON
)


def has_events_table(engine: Engine) -> bool:
    return inspect(engine).has_table("events")


def delete_events_of(engine: Engine, sender_ids: Iterable[str]) -> int:
    sender_ids = list(sender_ids)
    if not sender_ids or not has_events_table(engine):
        return 0
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.sender_id.in_(sender_ids))).rowcount


def delete_events_before(engine: Engine, timestamp: float) -> int:
    if not has_events_table(engine):
        return 0
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.timestamp < timestamp)).rowcount


def latest_event_at(engine: Engine, sender_ids: Iterable[str]) -> Optional[float]:
    sender_ids = list(sender_ids)
    if not sender_ids or not has_events_table(engine):
        return None
    with engine.connect() as connection:
        return connection.execute(
            select(func.max(events.c.timestamp)).where(events.c.sender_id.in_(sender_ids))
        ).scalar()


def first_event_by_sender(engine: Engine) -> Dict[str, float]:
    """When each conversation started (its earliest event still kept)."""
    if not has_events_table(engine):
        return {}
    with engine.connect() as connection:
        rows = connection.execute(
            select(events.c.sender_id, func.min(events.c.timestamp)).group_by(events.c.sender_id)
        )
        return {sender_id: first for sender_id, first in rows}


def actions_between(engine: Engine, action_names: Iterable[str], start: float, end: float) -> List[Tuple[str, float]]:
    """(sender_id, timestamp) of each run of one of these actions in [start, end)."""
    if not has_events_table(engine):
        return []
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(events.c.sender_id, events.c.timestamp).where(
                events.c.type_name == "action",
                events.c.action_name.in_(list(action_names)),
                events.c.timestamp >= start,
                events.c.timestamp < end,
            )
        )]


def slot_events_before(engine: Engine, slot: str, end: float) -> List[Tuple[str, float, str]]:
    """(sender_id, timestamp, event JSON) of each setting of `slot` before `end`, oldest first."""
    if not has_events_table(engine):
        return []
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(events.c.sender_id, events.c.timestamp, events.c.data)
            .where(events.c.type_name == "slot", events.c.action_name == slot, events.c.timestamp < end)
            .order_by(events.c.timestamp, events.c.id)
        )]
