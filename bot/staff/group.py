"""Posting in the staff group, and remembering which of its messages belong to which ticket."""
from __future__ import annotations

import logging
from typing import Optional

from telegram import Bot, ReplyParameters
from telegram.error import TelegramError

from bot.staff.state import ConsoleState

logger = logging.getLogger(__name__)

DONE = "👍"  # a reaction on a staff message: sent to the person, or note saved


class StaffGroup:
    def __init__(self, bot: Bot, chat_id: int, state: ConsoleState):
        self.bot, self.chat_id, self.state = bot, chat_id, state

    async def post(self, text: str, *, ticket_id: Optional[int] = None, reply_to: Optional[int] = None) -> int:
        """Posts in the group; a message about a ticket is remembered, so staff can reply to it."""
        reply = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True) if reply_to else None
        sent = await self.bot.send_message(chat_id=self.chat_id, text=text, reply_parameters=reply)
        if ticket_id is not None:
            self.state.remember_message(sent.message_id, ticket_id)
        return sent.message_id

    async def post_under_card(self, ticket_id: int, text: str) -> int:
        return await self.post(text, ticket_id=ticket_id, reply_to=self.state.card_of(ticket_id))

    async def acknowledge(self, message_id: int) -> None:
        try:
            await self.bot.set_message_reaction(chat_id=self.chat_id, message_id=message_id, reaction=DONE)
        except TelegramError:  # reactions can be switched off in a group: the action itself succeeded
            logger.debug("could not react to staff message %s", message_id)

    async def answer_elsewhere(self, chat_id: int, text: str) -> None:
        """A message outside the staff group (to refuse it)."""
        try:
            await self.bot.send_message(chat_id=chat_id, text=text)
        except TelegramError:
            logger.debug("could not answer chat %s", chat_id)
