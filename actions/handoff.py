"""Hand the conversation to staff: open a ticket, say when someone will answer, pause.

Rasa's own ConversationPaused keeps the assistant silent on every channel while
staff handle the conversation; the staff console resumes it when they close.
"""
from __future__ import annotations

import logging
from typing import Text

from babel.dates import format_datetime
from rasa_sdk import Action
from rasa_sdk.events import ConversationPaused, SlotSet

from actions.intake import language_of
from bot import locales
from bot.handoff.shifts import is_open, next_opening
from bot.locales import BABEL_LOCALES
from bot.store.tickets import PRIORITY_NORMAL, PRIORITY_URGENT, active_ticket_for, open_ticket

logger = logging.getLogger(__name__)

# Why the conversation goes to staff, from the person's last intent.
REASON_BY_INTENT = {"request_human": "request_human", "emergency": "emergency", "nlu_fallback": "not_understood"}
URGENT_REASONS = {"emergency", "urgent_need"}


def reason_of(tracker) -> str:
    # Intake sets `handoff_reason` when an urgent need (housing tonight, health, legal) was given.
    return tracker.get_slot("handoff_reason") or REASON_BY_INTENT.get(
        (tracker.latest_message.get("intent") or {}).get("name"), "request_human"
    )


def when_staff_answer(language: str) -> str:
    if is_open():
        return locales.message(language, "handoff_now")
    start = format_datetime(next_opening(), "EEEE HH:mm", locale=BABEL_LOCALES[language])
    return locales.message(language, "handoff_later", when=start)


class Handoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher, tracker, domain):
        language = language_of(tracker)
        reason = reason_of(tracker)
        ticket = active_ticket_for(tracker.sender_id)
        if ticket is None:
            ticket = open_ticket(
                tracker.get_latest_input_channel() or "rest", tracker.sender_id, language=language, reason=reason,
                priority=PRIORITY_URGENT if reason in URGENT_REASONS else PRIORITY_NORMAL,
            )
        logger.info("conversation %s handed to staff (ticket %s, %s)", tracker.sender_id, ticket, reason)
        dispatcher.utter_message(text=when_staff_answer(language))
        return [SlotSet("handoff_reason", None), ConversationPaused()]
