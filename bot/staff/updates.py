"""A Telegram update from the staff bot: who may act, which ticket, which command."""
from __future__ import annotations

import logging
from typing import Optional

from telegram import Message, Update

from bot.staff.commands import REPLY, UNKNOWN, parse
from bot.staff.desk import TicketDesk
from bot.staff.staff_members import StaffMember
from bot.store.database import utcnow
from bot.store.tickets import get_ticket, open_tickets

logger = logging.getLogger(__name__)

TICKET_COMMANDS = ("claim", "note", "close")


class UpdateHandler:
    def __init__(self, desk: TicketDesk, staff_chat_id: int):
        self.desk, self.staff_chat_id = desk, staff_chat_id
        self.group, self.state, self.texts = desk.group, desk.state, desk.texts

    async def handle(self, update: Update, retrying: bool) -> None:
        message = update.message
        if message is None:  # edits, reactions, members joining: nothing to do
            return
        if message.chat.id != self.staff_chat_id:
            await self._refuse(update, message)
            return
        user = message.from_user
        if user is None or user.is_bot:
            return
        staff = StaffMember(user.id, user.full_name or user.username or str(user.id))
        self.state.remember_staff(staff.user_id, staff.name)
        replied_ticket = self._replied_ticket(message)
        if not message.text:
            if replied_ticket is not None:
                await self.group.post(self.texts.say("staff_text_only"), reply_to=message.message_id)
            return
        command = parse(message.text)

        if command.name in ("help", "start", UNKNOWN):
            await self.group.post(self.texts.say("staff_help"), reply_to=message.message_id)
        elif command.name == "queue":
            await self._queue(message)
        elif command.name == REPLY:
            if replied_ticket is not None:  # other messages are staff talking among themselves
                await self.desk.reply(get_ticket(replied_ticket), staff, command.rest, message.message_id,
                                      update.update_id, retrying)
        else:
            await self._ticket_command(command, replied_ticket, staff, message, retrying)

    async def _ticket_command(self, command, replied_ticket: Optional[int], staff: StaffMember, message: Message,
                              retrying: bool) -> None:
        # Replying to a ticket's message names the ticket; otherwise "/close 12".
        ticket_id, text = (replied_ticket, command.rest) if replied_ticket is not None else command.numbered()
        if ticket_id is None:
            await self.group.post(self.texts.say("staff_which_ticket", command=command.name), reply_to=message.message_id)
            return
        try:
            ticket = get_ticket(ticket_id)
        except LookupError:
            await self.group.post(self.texts.say("staff_unknown_ticket", ticket=ticket_id), reply_to=message.message_id)
            return
        if command.name == "claim":
            await self.desk.claim(ticket, staff)
        elif command.name == "note":
            await self.desk.note(ticket, staff, text, message.message_id)
        else:
            await self.desk.close(ticket, staff, retrying)

    def _replied_ticket(self, message: Message) -> Optional[int]:
        replied = message.reply_to_message
        return self.state.ticket_of_message(replied.message_id) if replied is not None else None

    async def _queue(self, message: Message) -> None:
        tickets = open_tickets()
        names = {ticket.assignee: self.desk.name_of(ticket.assignee) for ticket in tickets if ticket.assignee}
        await self.group.post(self.texts.queue(tickets, names, utcnow()), reply_to=message.message_id)

    async def _refuse(self, update: Update, message: Message) -> None:
        # Ids only: never the text, nor the sender's name.
        user_id = message.from_user.id if message.from_user else None
        logger.warning("refused update %s: chat %s (user %s) is not the staff group",
                       update.update_id, message.chat.id, user_id)
        await self.group.answer_elsewhere(message.chat.id, self.texts.say("staff_refused"))
