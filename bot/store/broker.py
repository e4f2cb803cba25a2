"""Reading and deleting rows of Rasa's SQL event broker (`events` table: id, sender_id, data).

The broker keeps a copy of every conversation event (the staff console reads it),
so "delete my data" and the retention purge must reach it too. Rasa owns the
table; a broker database that does not exist yet simply has no events.
"""
from __future__ import annotations

import json
from typing import Optional

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, delete, func, select
from sqlalchemy.engine import Connection, Engine, Row

# Same table name and `sender_id` column as the tracker store's: the same statements work.
from bot.store.tracker import delete_events_of, has_events_table  # noqa: F401 (this module's API too)

broker_events = Table(
    "events", MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("data", Text),  # the event as JSON; its time is only in there
)


def delete_events_before(engine: Engine, timestamp: float) -> int:
    """Rows are appended as turns end, so their ids follow time (to within a turn, far less
    than a retention period): bisect the ids for the first row at or after `timestamp`, a
    few queries whatever the table's size, and delete every row before it."""
    if not has_events_table(engine):
        return 0
    with engine.begin() as connection:
        low, high = connection.execute(select(func.min(broker_events.c.id), func.max(broker_events.c.id))).one()
        if low is None:
            return 0
        first_kept = high + 1
        while low <= high:
            middle = (low + high) // 2
            row = _first_row_from(connection, middle)  # ids have gaps where events were erased
            if _timestamp(row.data) < timestamp:
                low = row.id + 1
            else:
                first_kept, high = row.id, middle - 1
        return connection.execute(delete(broker_events).where(broker_events.c.id < first_kept)).rowcount


def _first_row_from(connection: Connection, row_id: int) -> Row:
    """The first row at or after `row_id` (there is one: the bisection stays at or below the largest id)."""
    return connection.execute(
        select(broker_events.c.id, broker_events.c.data).where(broker_events.c.id >= row_id)
        .order_by(broker_events.c.id).limit(1)
    ).one()


def _timestamp(data: Optional[str]) -> float:
    try:
        return float(json.loads(data or "{}").get("timestamp") or 0)
    except (ValueError, AttributeError, TypeError):
        return 0.0  # unreadable: as old as can be
