"""What a Telegram update asks of us: a text (or a button's payload), a file, a location, or nothing."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, Optional

from telegram import Update

from bot.locales import LANGUAGES

TEXT, MEDIA, LOCATION = "text", "media", "location"


@dataclass(frozen=True)
class TelegramMessage:
    chat_id: str  # the conversation id
    kind: str  # TEXT, MEDIA or LOCATION
    text: str = ""
    language_code: Optional[str] = None
    callback_query_id: Optional[str] = None

    @property
    def metadata(self) -> Dict[str, Any]:
        # bot.nlu.language reads it as a hint; Rasa stores it with the user event.
        return {"language_code": self.language_code} if self.language_code else {}


def start_payload(language_code: Optional[str]) -> str:
    """Telegram's first message is "/start": greet, in the app's language when we speak it."""
    language = (language_code or "")[:2].lower()
    return f'/greet{json.dumps({"language": language})}' if language in LANGUAGES else "/greet"


def _command_as_text(text: str, language_code: Optional[str]) -> str:
    """"/start" greets; another "/command" is read as words, not as a Rasa intent payload."""
    if not text.startswith("/"):
        return text
    command = text[1:].split(maxsplit=1)[0].split("@")[0] if len(text) > 1 else ""
    if command == "start":
        return start_payload(language_code)
    return text.lstrip("/")


def read_update(update: Update) -> Optional[TelegramMessage]:
    """None for what the assistant does not answer: edits, groups, channels, service messages."""
    user = update.effective_user
    language_code = user.language_code if user else None
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message else None
        if (chat and chat.type != "private") or not query.data:
            return None
        chat_id = str(chat.id if chat else query.from_user.id)
        return TelegramMessage(chat_id, TEXT, query.data, language_code, callback_query_id=query.id)

    message = update.message
    if message is None or message.chat.type != "private":
        return None
    chat_id = str(message.chat.id)
    text = (message.text or message.caption or "").strip()
    if message.location or message.venue:
        return TelegramMessage(chat_id, LOCATION, language_code=language_code)
    if text:
        return TelegramMessage(chat_id, TEXT, _command_as_text(text, language_code), language_code)
    if message.effective_attachment is not None:
        return TelegramMessage(chat_id, MEDIA, language_code=language_code)
    return None
