"""Tickets nobody answered in time: a reminder in the staff group, a word to the person."""
from __future__ import annotations

from datetime import timedelta

from bot.handoff.shifts import is_open
from bot.staff.desk import TicketDesk
from bot.staff.settings import REMINDERS_ALWAYS, StaffSettings
from bot.store.database import utcnow
from bot.store.tickets import open_tickets


class Reminders:
    def __init__(self, desk: TicketDesk, settings: StaffSettings):
        self.desk = desk
        self.delay = timedelta(minutes=settings.reminder_minutes)
        self.always = settings.reminders == REMINDERS_ALWAYS

    async def check(self) -> None:
        # Outside opening hours nobody is there to answer, and the person was told when we open.
        if not (self.always or is_open()):
            return
        now = utcnow()
        for ticket in open_tickets():
            await self.desk.remind_if_waiting(ticket, self.delay, now)
