"""Sending through the Telegram Bot API with python-telegram-bot, from the event loop."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.channels.privacy import pseudonym
from bot.channels.settings import TelegramSettings
from bot.channels.splitting import TELEGRAM_MAX_TEXT, split_message

logger = logging.getLogger(__name__)
# httpx logs every request URL at INFO, and a Bot API URL contains the bot's token.
logging.getLogger("httpx").setLevel(logging.WARNING)

CALLBACK_DATA_MAX_BYTES = 64  # Telegram refuses a button whose data is longer
NO_TEXT = "⬇️"  # Telegram needs a text above buttons; no words, so no language


def inline_keyboard(buttons: Sequence[Dict[str, Any]]) -> Optional[InlineKeyboardMarkup]:
    """One button per row (titles are sentences); pressing one sends its payload back."""
    rows: List[List[InlineKeyboardButton]] = []
    for button in buttons:
        payload = str(button.get("payload") or button.get("title") or "")
        if len(payload.encode("utf-8")) > CALLBACK_DATA_MAX_BYTES:
            logger.error("telegram: a button payload longer than %d bytes was left out", CALLBACK_DATA_MAX_BYTES)
            continue
        rows.append([InlineKeyboardButton(str(button.get("title") or payload), callback_data=payload)])
    return InlineKeyboardMarkup(rows) if rows else None


class TelegramSender:
    """One Bot per server; its HTTP client is opened on first use inside the running loop."""

    def __init__(self, settings: TelegramSettings):
        self.settings = settings
        self._bot: Optional[Bot] = None
        self._request: Optional[HTTPXRequest] = None

    @property
    def bot(self) -> Bot:
        if self._bot is None:
            # Several conversations send at once: PTB's default pool has one connection.
            self._request = HTTPXRequest(connection_pool_size=32, pool_timeout=10)
            self._bot = Bot(self.settings.bot_token, base_url=self.settings.api_base_url, request=self._request)
        return self._bot

    async def send(self, chat_id: str, text: str, buttons: Sequence[Dict[str, Any]] = ()) -> None:
        keyboard = inline_keyboard(buttons) if buttons else None
        pieces = split_message(text, TELEGRAM_MAX_TEXT) or ([NO_TEXT] if keyboard else [])
        for number, piece in enumerate(pieces, start=1):
            # The buttons go under the last piece, next to the question they answer.
            markup = keyboard if number == len(pieces) else None
            try:
                await self.bot.send_message(chat_id=chat_id, text=piece, reply_markup=markup)
            except TelegramError as error:  # e.g. Forbidden: the person blocked the bot
                logger.error("telegram: reply to %s refused: %s", pseudonym(chat_id), type(error).__name__)
                return
        logger.info("telegram: sent %d message(s) to %s", len(pieces), pseudonym(chat_id))

    async def send_photo(self, chat_id: str, url: str) -> None:
        await self.bot.send_photo(chat_id=chat_id, photo=url)

    async def answer_button(self, callback_query_id: str) -> None:
        """Stops the spinner on the button the person pressed."""
        await self.bot.answer_callback_query(callback_query_id)

    async def close(self) -> None:
        if self._request is not None:
            await self._request.shutdown()
        self._bot = self._request = None
