"""What the console writes in the staff group, in the staff's language (locales/ `messages`)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Dict, Iterable, List, Optional, Tuple

from babel.dates import format_timedelta

from bot import locales
from bot.locales import BABEL_LOCALES, LANGUAGES
from bot.staff.conversation import PERSON
from bot.staff.intake_summary import intake_lines
from bot.store.tickets import PRIORITY_URGENT, TicketSummary

TELEGRAM_MAX_TEXT = 4096
QUOTE_MAX = 300  # characters of one message shown on a card
ICONS = {PERSON: "👤", "assistant": "🤖"}


class StaffTexts:
    def __init__(self, language: str):
        self.language = language

    def say(self, key: str, **values: Any) -> str:
        return locales.message(self.language, key, **values)

    # -- pieces --------------------------------------------------------------------------

    def language_name(self, language: Optional[str]) -> str:
        return self.say(f"staff_language_{language}" if language in LANGUAGES else "staff_language_unknown")

    def priority(self, priority: int) -> str:
        return self.say("staff_priority_urgent" if priority >= PRIORITY_URGENT else "staff_priority_normal")

    def reason(self, reason: Optional[str]) -> str:
        key = f"staff_reason_{reason}"
        return self.say(key) if key in locales.load(self.language)["messages"] else (reason or "?")

    def age(self, delta: timedelta) -> str:
        return format_timedelta(delta, locale=BABEL_LOCALES[self.language], threshold=1.5)

    # -- messages ------------------------------------------------------------------------

    def card(self, ticket: TicketSummary, intake: Optional[Dict[str, Any]], recent: Iterable[Tuple[str, str]]) -> str:
        reads = self.language_name(ticket.language)
        lines = [
            self.say("staff_card_title", ticket=ticket.id, priority=self.priority(ticket.priority),
                     channel=channel_name(ticket)),
            # The person may read only Spanish while staff write French: said first, plainly.
            self.say("staff_card_language_same" if ticket.language == self.language else "staff_card_language",
                     reads=reads, READS=reads.upper()),
            self.say("staff_card_reason", reason=self.reason(ticket.reason)),
        ]
        summary = intake_lines(intake, self.language) if intake else []
        if summary:
            lines += ["", self.say("staff_card_intake"), *(f"• {line}" for line in summary)]
        else:
            lines.append(self.say("staff_card_no_intake"))
        recent = list(recent)
        if recent:
            lines += ["", self.say("staff_card_recent"), *(f"{ICONS[who]} {shorten(text)}" for who, text in recent)]
        lines += ["", self.say("staff_card_help")]
        return fit("\n".join(lines))

    def incoming(self, ticket_id: int, text: str) -> str:
        return fit(self.say("staff_incoming", ticket=ticket_id, text=text))

    def queue(self, tickets: List[TicketSummary], names: Dict[str, str], now: datetime) -> str:
        if not tickets:
            return self.say("staff_queue_empty")
        lines = [self.say("staff_queue_title", count=len(tickets))]
        for ticket in tickets:
            status = (self.say("staff_status_with_staff", name=names.get(ticket.assignee or "", "?"))
                      if ticket.status == "with_staff" else self.say("staff_status_waiting"))
            lines.append(self.say(
                "staff_queue_line", ticket=ticket.id, priority=self.priority(ticket.priority),
                reads=self.language_name(ticket.language), channel=channel_name(ticket), status=status,
                age=self.age(now - ticket.created_at),
            ))
        return fit("\n".join(lines))


def channel_name(ticket: TicketSummary) -> str:
    """Where the person writes from, as staff call it (not translated: product names)."""
    sender = ticket.sender_id or ""
    if sender.startswith("whatsapp:"):
        return "WhatsApp"
    return {"twilio": "SMS", "telegram": "Telegram", "rest": "Web"}.get(ticket.channel, ticket.channel)


def shorten(text: str, limit: int = QUOTE_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fit(text: str) -> str:
    """Telegram refuses longer messages; the end of a card is the least important part."""
    return text if len(text) <= TELEGRAM_MAX_TEXT else text[: TELEGRAM_MAX_TEXT - 1] + "…"
