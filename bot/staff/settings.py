"""The console's settings, from environment variables (secrets never come from files in the repository)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import List, Mapping, Optional

from bot.locales import LANGUAGES
from bot.store.config import ROOT, events_url, resolve_url

DEFAULT_STATE_URL = "sqlite:///var/staff-console.db"
API_TOKEN_FILE = ROOT / "var" / "api-token"  # where `make run` keeps the Rasa API token
REMINDERS_DURING_OPENING_HOURS = "opening_hours"
REMINDERS_ALWAYS = "always"


def _value(environ: Mapping[str, str], name: str) -> Optional[str]:
    value = (environ.get(name) or "").strip()
    return value or None


def _api_token(environ: Mapping[str, str]) -> Optional[str]:
    token = _value(environ, "PASSERELLE_API_TOKEN")
    if token is None and API_TOKEN_FILE.exists():
        token = API_TOKEN_FILE.read_text().strip() or None
    return token


@dataclass(frozen=True)
class StaffSettings:
    bot_token: Optional[str]
    chat_id: Optional[int]
    api_base_url: str  # python-telegram-bot's base_url; tests point it at a local fake
    rasa_url: str
    rasa_token: Optional[str]
    events_url: str
    state_url: str
    staff_language: str
    reminder_minutes: float
    reminders: str  # REMINDERS_DURING_OPENING_HOURS or REMINDERS_ALWAYS
    whatsapp_template_sid: Optional[str]
    poll_seconds: float

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "StaffSettings":
        chat_id = _value(environ, "TELEGRAM_STAFF_CHAT_ID")
        port = _value(environ, "PASSERELLE_PORT") or "5005"
        return cls(
            bot_token=_value(environ, "TELEGRAM_STAFF_BOT_TOKEN"),
            chat_id=int(chat_id) if chat_id and chat_id.lstrip("-").isdigit() else None,
            api_base_url=_value(environ, "TELEGRAM_API_BASE_URL") or "https://api.telegram.org/bot",
            rasa_url=(_value(environ, "PASSERELLE_RASA_URL") or f"http://localhost:{port}").rstrip("/"),
            rasa_token=_api_token(environ),
            events_url=events_url(environ),
            state_url=resolve_url(_value(environ, "PASSERELLE_STAFF_STATE_URL") or DEFAULT_STATE_URL),
            staff_language=_value(environ, "PASSERELLE_STAFF_LANGUAGE") or "fr",
            reminder_minutes=float(_value(environ, "PASSERELLE_STAFF_REMINDER_MINUTES") or 15),
            reminders=_value(environ, "PASSERELLE_STAFF_REMINDERS") or REMINDERS_DURING_OPENING_HOURS,
            whatsapp_template_sid=_value(environ, "TWILIO_WHATSAPP_TEMPLATE_SID"),
            poll_seconds=float(_value(environ, "PASSERELLE_STAFF_POLL_SECONDS") or 1),
        )

    @property
    def missing(self) -> List[str]:
        missing = [name for name, value in (
            ("TELEGRAM_STAFF_BOT_TOKEN", self.bot_token),
            ("TELEGRAM_STAFF_CHAT_ID (a number, negative for a group)", self.chat_id),
            ("PASSERELLE_API_TOKEN (or var/api-token, made by `make run`)", self.rasa_token),
        ) if not value]
        if self.staff_language not in LANGUAGES:
            missing.append(f"PASSERELLE_STAFF_LANGUAGE among {', '.join(LANGUAGES)}")
        if self.reminders not in (REMINDERS_DURING_OPENING_HOURS, REMINDERS_ALWAYS):
            missing.append(f"PASSERELLE_STAFF_REMINDERS = {REMINDERS_DURING_OPENING_HOURS} or {REMINDERS_ALWAYS}")
        return missing


HOW_TO_CONFIGURE = """\
Staff console: off. To hand conversations to staff in a Telegram group:
  1. Create a bot with @BotFather (a second bot, not the one people write to) and add it to the staff group
     (/setprivacy -> Disable in @BotFather lets it also see replies to a colleague's reply).
  2. Find the group's id (e.g. forward a group message to @RawDataBot; groups have negative ids).
  3. Set TELEGRAM_STAFF_BOT_TOKEN=<token> and TELEGRAM_STAFF_CHAT_ID=<group id>, then `make run` again.
  Optional: PASSERELLE_STAFF_LANGUAGE (fr), PASSERELLE_STAFF_REMINDER_MINUTES (15),
  TWILIO_WHATSAPP_TEMPLATE_SID (the approved template sent when WhatsApp's 24-hour window has closed)."""
