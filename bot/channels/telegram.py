"""Telegram channel for newcomers (credentials.yml: bot.channels.telegram.TelegramChannel).

Why not Rasa's own: it cannot send when a staff reply arrives through the HTTP API
(`output_channel=latest` raises in 3.6) and does not check the webhook's secret token.
python-telegram-bot parses updates and sends; the webhook answers at once and each
chat's messages are handled in order in the background.
"""
from __future__ import annotations

import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Update

from bot import locales
from bot.channels import webhooks
from bot.channels.base import QueuedChannel
from bot.channels.privacy import pseudonym
from bot.channels.settings import StateSettings, TelegramSettings
from bot.channels.telegram_api import TelegramSender
from bot.channels.telegram_updates import LOCATION, MEDIA, TelegramMessage, read_update

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramOutput(OutputChannel):
    """Replies as Telegram messages; buttons as an inline keyboard whose data is the payload."""

    def __init__(self, sender: TelegramSender):
        self.sender = sender

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if message.get("text") or buttons:
            await self.sender.send(recipient_id, message.get("text") or "", buttons)
        if message.get("image"):
            await self.sender.send_photo(recipient_id, message["image"])

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.sender.send(recipient_id, text)


class TelegramChannel(QueuedChannel):
    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramChannel":
        # Secrets come from the environment only; credentials.yml just switches the class on.
        return cls(TelegramSettings.from_env(), StateSettings.from_env())

    def __init__(self, settings: TelegramSettings, state_settings: StateSettings):
        super().__init__(TelegramSender(settings), state_settings)
        self.settings = settings

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Lets staff replies (HTTP API, output_channel=latest) reach the person on Telegram."""
        return TelegramOutput(self.sender) if self.settings.enabled else None

    def _secret_is_valid(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(given.encode("utf-8"), self.settings.webhook_secret.encode("utf-8"))

    async def _handle(self, message: TelegramMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        if message.callback_query_id:
            try:
                await self.sender.answer_button(message.callback_query_id)
            except Exception:  # only the spinner is at stake: still answer the person
                logger.warning("telegram: could not acknowledge a button for %s", pseudonym(message.chat_id))
        if message.kind in (MEDIA, LOCATION):
            language = await self.language_of(message.chat_id, message.language_code)
            key = "media_only" if message.kind == MEDIA else "location_ignored"
            await self.sender.send(message.chat_id, locales.message(language, key))
            return
        if not message.text:
            return
        await on_new_message(UserMessage(
            message.text, self.get_output_channel(), message.chat_id,
            input_channel=self.name(), metadata=message.metadata,
        ))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("passerelle_telegram", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings.enabled else "off"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.settings.enabled:
                return webhooks.disabled(CHANNEL, self.settings.missing)
            if not self._secret_is_valid(request):
                logger.warning("telegram: request with a missing or wrong secret token refused")
                return webhooks.forbidden()
            try:
                update = Update.de_json(request.json, None)
            except Exception:
                update = None
            if update is None:
                return webhooks.bad_request("not a Telegram update")
            self.app = request.app
            if not await self.state.seen.first_time(f"telegram:{update.update_id}"):
                logger.info("telegram: update %s already received (a retry); ignored", update.update_id)
                return response.json({})
            message = read_update(update)
            if message is None:
                logger.debug("telegram: update %s needs no answer", update.update_id)
                return response.json({})
            logger.info("telegram: update %s from %s queued", update.update_id, pseudonym(message.chat_id))
            self.workers.submit(message.chat_id, lambda: self._handle(message, on_new_message))
            return response.json({})

        return self.follow_server(webhook)
