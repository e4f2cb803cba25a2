"""What the console must remember across restarts: ids only, never what anyone wrote.

- cursors: the last event-broker row forwarded, the next Telegram update to read, and
  the update being handled when the console stopped (so a reply is not sent twice);
- which staff-group message belongs to which ticket (staff reply to those messages);
- each ticket's card, the reminders already given, staff display names.

Its own small database (SQLite by default): the store's schema stays the
store's, and the console can be reset without touching tickets.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.engine import Engine

metadata = MetaData()

cursors = Table(
    "staff_cursors", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)
cards = Table(
    "staff_cards", metadata,
    Column("ticket_id", Integer, primary_key=True),
    Column("message_id", Integer, nullable=False),
)
ticket_messages = Table(
    "staff_ticket_messages", metadata,
    Column("message_id", Integer, primary_key=True),  # in the one staff chat
    Column("ticket_id", Integer, nullable=False, index=True),
)
reminders = Table(
    "staff_reminders", metadata,
    Column("ticket_id", Integer, primary_key=True),
    Column("waiting_since", DateTime, nullable=False),  # the wait this reminder was about
)
staff_members = Table(
    "staff_members", metadata,
    Column("user_id", Integer, primary_key=True),
    Column("name", String(128), nullable=False),
)

BROKER_ROW = "broker_row"
NEXT_UPDATE = "next_update"
UPDATE_IN_PROGRESS = "update_in_progress"


class ConsoleState:
    def __init__(self, url: str):
        self.engine: Engine = create_engine(url, future=True)
        metadata.create_all(self.engine)

    # -- cursors ---------------------------------------------------------------------------

    def cursor(self, name: str) -> Optional[int]:
        with self.engine.connect() as connection:
            return connection.execute(select(cursors.c.value).where(cursors.c.name == name)).scalar()

    def set_cursor(self, name: str, value: Optional[int]) -> None:
        with self.engine.begin() as connection:
            connection.execute(cursors.delete().where(cursors.c.name == name))
            if value is not None:
                connection.execute(cursors.insert().values(name=name, value=value))

    # -- staff-group messages ----------------------------------------------------------------

    def card_of(self, ticket_id: int) -> Optional[int]:
        with self.engine.connect() as connection:
            return connection.execute(select(cards.c.message_id).where(cards.c.ticket_id == ticket_id)).scalar()

    def remember_card(self, ticket_id: int, message_id: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(cards.insert().values(ticket_id=ticket_id, message_id=message_id))
            connection.execute(ticket_messages.insert().values(message_id=message_id, ticket_id=ticket_id))

    def remember_message(self, message_id: int, ticket_id: int) -> None:
        with self.engine.begin() as connection:
            if connection.execute(select(ticket_messages.c.ticket_id).where(ticket_messages.c.message_id == message_id)).first():
                return
            connection.execute(ticket_messages.insert().values(message_id=message_id, ticket_id=ticket_id))

    def ticket_of_message(self, message_id: int) -> Optional[int]:
        with self.engine.connect() as connection:
            return connection.execute(
                select(ticket_messages.c.ticket_id).where(ticket_messages.c.message_id == message_id)
            ).scalar()

    # -- reminders ---------------------------------------------------------------------------

    def reminded_for(self, ticket_id: int) -> Optional[datetime]:
        with self.engine.connect() as connection:
            return connection.execute(
                select(reminders.c.waiting_since).where(reminders.c.ticket_id == ticket_id)
            ).scalar()

    def remember_reminder(self, ticket_id: int, waiting_since: datetime) -> None:
        with self.engine.begin() as connection:
            connection.execute(reminders.delete().where(reminders.c.ticket_id == ticket_id))
            connection.execute(reminders.insert().values(ticket_id=ticket_id, waiting_since=waiting_since))

    # -- staff names (shown in the group, never logged) -------------------------------------

    def remember_staff(self, user_id: int, name: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(staff_members.delete().where(staff_members.c.user_id == user_id))
            connection.execute(staff_members.insert().values(user_id=user_id, name=name[:128]))

    def staff_name(self, user_id: int) -> Optional[str]:
        with self.engine.connect() as connection:
            return connection.execute(select(staff_members.c.name).where(staff_members.c.user_id == user_id)).scalar()

    def dispose(self) -> None:
        self.engine.dispose()
