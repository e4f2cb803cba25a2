"""From Rasa to the staff group: a card for each new ticket, then the person's messages under it.

New tickets are found in the store (a ticket without a card gets one, so none is missed
while the console is down); messages come from the event broker, from the row after
the last one handled, which is saved after each message so a restart repeats nothing.
"""
from __future__ import annotations

import logging

from bot.staff.broker import BrokerReader
from bot.staff.desk import TicketDesk
from bot.staff.state import BROKER_ROW, ConsoleState
from bot.store.database import utcnow
from bot.store.tickets import open_tickets

logger = logging.getLogger(__name__)


class Inbox:
    def __init__(self, desk: TicketDesk, broker: BrokerReader, state: ConsoleState, batch: int = 200):
        self.desk, self.broker, self.state, self.batch = desk, broker, state, batch

    async def check(self) -> None:
        now = utcnow()
        for ticket in open_tickets():
            await self.desk.post_card_when_ready(ticket, now)
        await self.forward_new_messages()

    async def forward_new_messages(self) -> None:
        cursor = self.state.cursor(BROKER_ROW) or 0
        while True:
            rows = self.broker.rows_after(cursor, self.batch)
            if not rows:
                return
            for row in rows:
                forwarded = await self.desk.forward(row)  # raises when it must be tried again
                cursor = row.id
                if forwarded:
                    self.state.set_cursor(BROKER_ROW, cursor)
            self.state.set_cursor(BROKER_ROW, cursor)
