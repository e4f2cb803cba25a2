"""What staff do with a ticket, and what the console does for them: cards, messages, claim,
reply, note, close, reminders. Each step touches the store, Rasa and the staff group in an
order that lets it be retried after a failure or a restart.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Optional

from bot import locales
from bot.staff import conversation
from bot.staff.broker import BrokerRow
from bot.staff.group import StaffGroup
from bot.staff.rasa_api import LISTEN, RESUME, RasaAPI, bot_event
from bot.staff.staff_members import StaffMember, display_name
from bot.staff.state import ConsoleState
from bot.staff.texts import StaffTexts
from bot.staff.whatsapp import TemplateSender, needs_template
from bot.store import repository
from bot.store.database import utcnow
from bot.store.repository import AmbiguousSender
from bot.store.tickets import (
    TicketSummary, add_ticket_message, claim_ticket, close_ticket, ticket_log, ticket_open_at,
)

logger = logging.getLogger(__name__)

RECENT_MESSAGES = 6  # on a card: enough to see why the person asked for someone
CARD_WAIT = timedelta(seconds=30)


class TicketDesk:
    def __init__(self, state: ConsoleState, group: StaffGroup, rasa: RasaAPI, texts: StaffTexts,
                 templates: TemplateSender):
        self.state, self.group, self.rasa, self.texts, self.templates = state, group, rasa, texts, templates
        self._card_lock = asyncio.Lock()  # the inbox and a staff command may both want the card

    def name_of(self, assignee: Optional[str]) -> str:
        return display_name(self.state, assignee)

    # -- from the person to staff ---------------------------------------------------------

    async def ensure_card(self, ticket: TicketSummary) -> int:
        """The ticket's card in the staff group, posted the first time."""
        async with self._card_lock:
            card = self.state.card_of(ticket.id)
            if card is None:
                tracker = await self.rasa.conversation(ticket.sender_id) if ticket.sender_id else {}
                card = await self._post_card(ticket, tracker)
            return card

    async def post_card_when_ready(self, ticket: TicketSummary, now: datetime) -> None:
        """A card for a new ticket once Rasa has saved the conversation that led to it.

        The handoff action opens the ticket before Rasa saves the turn (and pauses): a card
        made at once would miss the last messages. After CARD_WAIT it is posted anyway.
        """
        async with self._card_lock:
            if self.state.card_of(ticket.id) is not None:
                return
            tracker = await self.rasa.conversation(ticket.sender_id) if ticket.sender_id else {}
            if ticket.sender_id and not conversation.is_paused(tracker) and now - ticket.created_at < CARD_WAIT:
                return
            await self._post_card(ticket, tracker)

    async def _post_card(self, ticket: TicketSummary, tracker) -> int:
        recent = conversation.recent_messages(tracker, RECENT_MESSAGES)
        card = await self.group.post(self.texts.card(ticket, self._intake(ticket), recent))
        self.state.remember_card(ticket.id, card)
        logger.info("ticket %s: card posted", ticket.id)
        return card

    def _intake(self, ticket: TicketSummary):
        person = ticket.person_id
        if person is None and ticket.sender_id:
            try:
                person = repository.find_person(ticket.sender_id, ticket.channel)
            except AmbiguousSender:
                person = None
        return repository.get_intake(person) if person else None

    async def forward(self, row: BrokerRow) -> bool:
        """Posts a person's message under the ticket open when they wrote it; False if there was none."""
        if not row.is_user_message:
            return False
        ticket = ticket_open_at(row.sender_id, row.at)
        if ticket is None:
            return False
        await self.ensure_card(ticket)
        await self.group.post_under_card(ticket.id, self.texts.incoming(ticket.id, row.text))
        add_ticket_message(ticket.id, "message_in", row.text)
        logger.info("ticket %s: message from the person forwarded (broker row %s)", ticket.id, row.id)
        return True

    # -- staff actions ----------------------------------------------------------------------

    async def claim(self, ticket: TicketSummary, staff: StaffMember) -> None:
        if ticket.status == "closed":
            await self.group.post_under_card(ticket.id, self.texts.say("staff_ticket_is_closed", ticket=ticket.id))
        elif ticket.status == "with_staff":
            await self.group.post_under_card(ticket.id, self.texts.say(
                "staff_already_claimed", ticket=ticket.id, name=self.name_of(ticket.assignee)))
        else:
            await self._claim(ticket, staff)

    async def _claim(self, ticket: TicketSummary, staff: StaffMember) -> None:
        claim_ticket(ticket.id, staff.assignee)
        logger.info("ticket %s claimed by staff %s", ticket.id, staff.user_id)
        await self.group.post_under_card(ticket.id, self.texts.say("staff_claimed", ticket=ticket.id, name=staff.name))

    async def reply(self, ticket: TicketSummary, staff: StaffMember, text: str, staff_message_id: int,
                    update_id: int, retrying: bool) -> None:
        """Sends a staff reply to the person through Rasa; replying to a waiting ticket claims it.

        `retrying`: this update was being handled when the console stopped or Rasa failed;
        if the reply already reached the conversation it is not sent again.
        """
        if not await self._reachable(ticket):
            return
        tracker = await self.rasa.conversation(ticket.sender_id)
        if retrying and conversation.has_staff_reply(tracker, update_id):
            logger.info("ticket %s: reply of update %s was already delivered", ticket.id, update_id)
            await self.group.acknowledge(staff_message_id)
            return
        if await self._whatsapp_window_closed(ticket, tracker):
            return
        if ticket.status == "waiting":
            await self._claim(ticket, staff)
        await self.rasa.say(ticket.sender_id, text, {conversation.STAFF_UPDATE: update_id})
        add_ticket_message(ticket.id, "message_out", text, author=staff.assignee)
        logger.info("ticket %s: staff %s replied (update %s)", ticket.id, staff.user_id, update_id)
        self.state.remember_message(staff_message_id, ticket.id)
        await self.group.acknowledge(staff_message_id)

    async def note(self, ticket: TicketSummary, staff: StaffMember, text: str, staff_message_id: int) -> None:
        if not text:
            await self.group.post(self.texts.say("staff_empty_note"), reply_to=staff_message_id)
            return
        add_ticket_message(ticket.id, "note", text, author=staff.assignee)
        logger.info("ticket %s: note by staff %s", ticket.id, staff.user_id)
        self.state.remember_message(staff_message_id, ticket.id)
        await self.group.acknowledge(staff_message_id)

    async def close(self, ticket: TicketSummary, staff: StaffMember, retrying: bool) -> None:
        """Resumes the conversation, tells the person the assistant is back, closes the ticket.

        Rasa first: a ticket closed on a conversation still paused would leave the
        person with a silent assistant.
        """
        if ticket.status == "closed":
            await self.group.post_under_card(ticket.id, self.texts.say("staff_ticket_is_closed", ticket=ticket.id))
            return
        if ticket.sender_id:
            tracker = await self.rasa.conversation(ticket.sender_id)
            if not (retrying and not conversation.is_paused(tracker)):
                events = [RESUME]
                if not needs_template(ticket.sender_id, conversation.last_person_message_at(tracker), utcnow()):
                    language = conversation.language(tracker) or ticket.language
                    events.append(bot_event(locales.message(language, "assistant_back")))
                await self.rasa.add_events(ticket.sender_id, events + [LISTEN])
        close_ticket(ticket.id, author=staff.assignee)
        logger.info("ticket %s closed by staff %s", ticket.id, staff.user_id)
        await self.group.post_under_card(ticket.id, self.texts.say("staff_closed", ticket=ticket.id, name=staff.name))

    # -- reminders --------------------------------------------------------------------------

    async def remind_if_waiting(self, ticket: TicketSummary, delay: timedelta, now: datetime) -> bool:
        """Reminds staff once per unanswered wait longer than `delay`, and tells the person."""
        since = waiting_since(ticket.id)
        if since is None or now - since < delay or self._reminded_since(ticket.id, since):
            return False
        await self.ensure_card(ticket)
        if ticket.sender_id:
            tracker = await self.rasa.conversation(ticket.sender_id)
            if not needs_template(ticket.sender_id, conversation.last_person_message_at(tracker), now):
                language = conversation.language(tracker) or ticket.language
                await self.rasa.say(ticket.sender_id, locales.message(language, "still_in_queue"))
        await self.group.post_under_card(ticket.id, self.texts.say(
            "staff_reminder", ticket=ticket.id, age=self.texts.age(now - since)))
        self.state.remember_reminder(ticket.id, since)
        logger.info("ticket %s: reminder given (waiting %d s)", ticket.id, (now - since).total_seconds())
        return True

    def _reminded_since(self, ticket_id: int, since: datetime) -> bool:
        reminded = self.state.reminded_for(ticket_id)
        return reminded is not None and reminded >= since

    # -- checks -----------------------------------------------------------------------------

    async def _reachable(self, ticket: TicketSummary) -> bool:
        if ticket.status == "closed":
            await self.group.post_under_card(ticket.id, self.texts.say("staff_ticket_is_closed", ticket=ticket.id))
            return False
        if not ticket.sender_id:  # erased on request: the ticket stays, the address is gone
            await self.group.post_under_card(ticket.id, self.texts.say("staff_person_erased"))
            return False
        return True

    async def _whatsapp_window_closed(self, ticket: TicketSummary, tracker) -> bool:
        """WhatsApp refuses free-form text 24 h after the person's last message: send the template."""
        last = conversation.last_person_message_at(tracker)
        now = utcnow()
        if not needs_template(ticket.sender_id, last, now):
            return False
        age = self.texts.age(now - last) if last else "?"
        if self.templates.configured:
            await self.templates.send_template(ticket.sender_id)
            add_ticket_message(ticket.id, "note", "whatsapp template sent", author="console")
            await self.group.post_under_card(ticket.id, self.texts.say("staff_whatsapp_window_closed", age=age))
        else:
            await self.group.post_under_card(ticket.id, self.texts.say("staff_whatsapp_no_template", age=age))
        logger.info("ticket %s: WhatsApp window closed, template %s", ticket.id,
                    "sent" if self.templates.configured else "not configured")
        return True


def waiting_since(ticket_id: int) -> Optional[datetime]:
    """Since when the person has been waiting for staff: the first opening or message after
    the last staff reply; None when staff spoke last."""
    since = None
    for entry in ticket_log(ticket_id):
        if entry["kind"] == "message_out":
            since = None
        elif entry["kind"] in ("opened", "reopened", "message_in") and since is None:
            since = entry["at"]
    return since
