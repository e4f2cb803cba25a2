"""A new session keeps the person's language, and stays with staff while a ticket is open.

Rasa starts a new session after `session_expiration_time`; its SessionStarted
event would un-pause a conversation that staff still handle (a ticket opened on
Saturday evening, answered on Monday).
"""
from __future__ import annotations

from typing import Text

from rasa_sdk import Action
from rasa_sdk.events import ActionExecuted, ConversationPaused, SessionStarted, SlotSet

from bot.store.tickets import active_ticket_for

CARRIED_OVER = ("language",)  # never personal answers: those leave the slots once stored


class SessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher, tracker, domain):
        events = [SessionStarted()]
        events += [SlotSet(slot, tracker.get_slot(slot)) for slot in CARRIED_OVER if tracker.get_slot(slot)]
        if active_ticket_for(tracker.sender_id) is not None:
            events.append(ConversationPaused())
        return events + [ActionExecuted("action_listen")]
