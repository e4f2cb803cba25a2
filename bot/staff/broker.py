"""Reading Rasa's SQL event broker (`events` table: id, sender_id, data as JSON).

Rasa creates and fills the table; rows only ever get added, so their id is a
cursor the console can keep. Other brokers (Kafka, RabbitMQ) would need a consumer here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, List

from sqlalchemy import create_engine, select

from bot.store.broker import broker_events, has_events_table


@dataclass(frozen=True)
class BrokerRow:
    id: int
    sender_id: str
    event: Dict[str, Any]

    @property
    def is_user_message(self) -> bool:
        return self.event.get("event") == "user" and bool(self.event.get("text"))

    @property
    def text(self) -> str:
        return self.event.get("text") or ""

    @property
    def at(self) -> datetime:
        """When Rasa received it, naive UTC like the store's times."""
        return datetime.fromtimestamp(float(self.event.get("timestamp") or 0), timezone.utc).replace(tzinfo=None)


class BrokerReader:
    def __init__(self, url: str):
        self.engine = create_engine(url, future=True)

    def rows_after(self, row_id: int, limit: int = 200) -> List[BrokerRow]:
        """The next rows after `row_id`, oldest first; none while Rasa has not created the table."""
        if not has_events_table(self.engine):
            return []
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(broker_events.c.id, broker_events.c.sender_id, broker_events.c.data)
                .where(broker_events.c.id > row_id).order_by(broker_events.c.id).limit(limit)
            ).all()
        return [BrokerRow(id=row.id, sender_id=row.sender_id or "", event=_parse(row.data)) for row in rows]

    def dispose(self) -> None:
        self.engine.dispose()


def _parse(data: str) -> Dict[str, Any]:
    try:
        event = json.loads(data or "{}")
    except ValueError:
        return {}
    return event if isinstance(event, dict) else {}
