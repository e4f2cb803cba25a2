"""Twilio channel: SMS and WhatsApp on one webhook (credentials.yml: bot.channels.twilio.TwilioChannel).

Why not Rasa's own: it does not check X-Twilio-Signature, blocks the event loop while
sending, and serves one number. Here every request is signed-checked, retried webhooks
are handled once, the webhook answers at once with empty TwiML and the message is handled
in the background, one at a time per person so replies keep their order.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qs
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse

from bot import locales
from bot.channels import webhooks
from bot.channels.keywords import is_opt_in, is_opt_out
from bot.channels.base import QueuedChannel
from bot.channels.menus import button_payloads, chosen_payload, render_numbered_menu
from bot.channels.privacy import pseudonym
from bot.channels.settings import StateSettings, TwilioSettings
from bot.channels.splitting import TWILIO_MAX_BODY, split_message
from bot.channels.state import ChannelState
from bot.channels.twilio_rest import TwilioSender

logger = logging.getLogger(__name__)

CHANNEL = "twilio"


def twilio_form(request: Request) -> RequestParameters:
    """The posted fields, empty ones included: Twilio signs `Body=` too (media-only messages),
    and sanic's `request.form` drops empty fields."""
    return RequestParameters(parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True))


@dataclass(frozen=True)
class TwilioMessage:
    """What we use of Twilio's webhook form."""

    sid: str
    sender: str  # "+1418…" for SMS, "whatsapp:+1418…" for WhatsApp: the conversation id
    body: str
    media_count: int
    is_location: bool

    @classmethod
    def from_form(cls, form: Any) -> Optional["TwilioMessage"]:
        sid, sender = form.get("MessageSid") or form.get("SmsSid"), form.get("From")
        if not sid or not sender:
            return None
        try:
            media_count = int(form.get("NumMedia") or 0)
        except ValueError:
            media_count = 0
        return cls(
            sid=sid,
            sender=sender,
            body=(form.get("Body") or "").strip(),
            media_count=media_count,
            is_location=bool(form.get("Latitude") and form.get("Longitude")),
        )


class TwilioOutput(OutputChannel):
    """Replies through the REST API: buttons as a numbered list, long text cut, opt-outs respected."""

    def __init__(self, sender: TwilioSender, state: ChannelState, language_of: Callable[[str], Awaitable[str]]):
        self.sender, self.state, self.language_of = sender, state, language_of

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        if await self.state.opt_outs.is_opted_out(recipient_id):
            logger.info("twilio: %s has opted out; reply not sent", pseudonym(recipient_id))
            return
        text = message.get("text") or ""
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if buttons:
            # Remembered before sending, so an answer arriving at once still finds the menu.
            await self.state.menus.remember(recipient_id, button_payloads(buttons))
            # The stored tracker's language: one message late if this very turn switched it.
            hint = locales.message(await self.language_of(recipient_id), "menu_hint")
            text = render_numbered_menu(text, buttons, hint)
        for piece in split_message(text, TWILIO_MAX_BODY):
            await self.sender.send(recipient_id, piece)
        if message.get("image"):
            await self.sender.send(recipient_id, "", media_url=message["image"])

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


class TwilioChannel(QueuedChannel):
    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TwilioChannel":
        # Secrets come from the environment only; credentials.yml just switches the class on.
        return cls(TwilioSettings.from_env(), StateSettings.from_env())

    def __init__(self, settings: TwilioSettings, state_settings: StateSettings):
        super().__init__(TwilioSender(settings), state_settings)
        self.settings = settings
        if settings.enabled:
            from twilio.request_validator import RequestValidator

            self.validator = RequestValidator(settings.auth_token)

    # -- sending -------------------------------------------------------------------------

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Lets staff replies (HTTP API, output_channel=latest) reach the person by SMS or WhatsApp."""
        return TwilioOutput(self.sender, self.state, self.language_of) if self.settings.enabled else None

    async def _say(self, sender_id: str, key: str) -> None:
        """One of our own sentences, in the person's language."""
        text = locales.message(await self.language_of(sender_id), key)
        await self.get_output_channel().send_response(sender_id, {"text": text})

    # -- receiving -----------------------------------------------------------------------

    def _signature_is_valid(self, request: Request, form: RequestParameters) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        # Checked against the public URL Twilio called, not the one a proxy forwarded to us.
        return bool(signature) and self.validator.validate(self.settings.webhook_url, form, signature)

    async def _handle(self, message: TwilioMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        person = pseudonym(message.sender)
        if is_opt_out(message.body):
            await self.state.opt_outs.set(message.sender, True)
            logger.info("twilio: %s opted out (%s); no reply from now on", person, message.sid)
            return
        if await self.state.opt_outs.is_opted_out(message.sender):
            if is_opt_in(message.body):
                await self.state.opt_outs.set(message.sender, False)
                logger.info("twilio: %s opted in again (%s)", person, message.sid)
                await self._say(message.sender, "subscribed_again")
            else:
                logger.info("twilio: %s has opted out; %s not handled", person, message.sid)
            return
        if message.is_location:
            await self._say(message.sender, "location_ignored")
            return
        if not message.body:
            if message.media_count:
                await self._say(message.sender, "media_only")
            return
        text = chosen_payload(message.body, await self.state.menus.take(message.sender)) or message.body
        await on_new_message(UserMessage(
            text, self.get_output_channel(), message.sender, input_channel=self.name(), message_id=message.sid,
        ))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("passerelle_twilio", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings.enabled else "off"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.settings.enabled:
                return webhooks.disabled(CHANNEL, self.settings.missing)
            form = twilio_form(request)
            if not self._signature_is_valid(request, form):
                logger.warning("twilio: request with a missing or wrong signature refused")
                return webhooks.forbidden()
            message = TwilioMessage.from_form(form)
            if message is None:
                return webhooks.bad_request("MessageSid and From are required")
            self.app = request.app
            if not await self.state.seen.first_time(f"twilio:{message.sid}"):
                logger.info("twilio: %s already received (a retry); ignored", message.sid)
                return webhooks.empty_twiml()
            logger.info("twilio: %s from %s queued", message.sid, pseudonym(message.sender))
            self.workers.submit(message.sender, lambda: self._handle(message, on_new_message))
            return webhooks.empty_twiml()

        return self.follow_server(webhook)
