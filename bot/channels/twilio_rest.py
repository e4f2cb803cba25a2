"""Sending through Twilio's REST API from the event loop (twilio's async client, aiohttp)."""
from __future__ import annotations

import logging
from typing import Any, Optional

from bot.channels.privacy import pseudonym
from bot.channels.settings import TwilioSettings
from bot.channels.sms_segments import count_segments

logger = logging.getLogger(__name__)
# twilio's client logs 8 INFO lines per request; we log one line per message ourselves.
_client_logger = logging.getLogger("bot.channels.twilio_rest.client")
_client_logger.setLevel(logging.WARNING)

WHATSAPP = "whatsapp:"


def is_whatsapp(address: str) -> bool:
    return address.startswith(WHATSAPP)


class TwilioSender:
    """One REST client per server, created on first use inside the running event loop."""

    def __init__(self, settings: TwilioSettings):
        self.settings = settings
        self._client: Any = None

    def from_number(self, to: str) -> Optional[str]:
        """Reply from the WhatsApp number to WhatsApp, from the SMS number otherwise."""
        if is_whatsapp(to):
            return f"{WHATSAPP}{self.settings.whatsapp_number}" if self.settings.whatsapp_number else None
        return self.settings.sms_number

    def _rest_client(self) -> Any:
        if self._client is None:
            from twilio.http.async_http_client import AsyncTwilioHttpClient
            from twilio.rest import Client

            http = AsyncTwilioHttpClient(timeout=15, max_retries=2, logger=_client_logger)
            self._client = Client(self.settings.account_sid, self.settings.auth_token, http_client=http)
            if self.settings.api_base_url:
                self._client.api.base_url = self.settings.api_base_url
        return self._client

    async def send(self, to: str, body: str, media_url: Optional[str] = None) -> None:
        sender = self.from_number(to)
        if sender is None:
            kind = "WhatsApp" if is_whatsapp(to) else "SMS"
            logger.error("twilio: no %s number configured; reply to %s dropped", kind, pseudonym(to))
            return
        from twilio.base.exceptions import TwilioRestException

        extra = {"media_url": [media_url]} if media_url else {}
        try:
            sent = await self._rest_client().messages.create_async(to=to, from_=sender, body=body, **extra)
        except TwilioRestException as error:
            # Its text often quotes the phone number: log Twilio's error code only
            # (21610: the person opted out with the carrier; 63016: WhatsApp's 24-hour window closed).
            logger.error("twilio: reply to %s refused: HTTP %s, Twilio error %s", pseudonym(to), error.status, error.code)
            return
        if is_whatsapp(to):
            logger.info("twilio: sent %s to %s on WhatsApp (%d characters)", sent.sid, pseudonym(to), len(body))
        else:
            segments = count_segments(body)
            logger.info(
                "twilio: sent %s to %s by SMS: %d segment(s), %s", sent.sid, pseudonym(to), segments.count,
                segments.encoding,
            )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.http_client.close()
            self._client = None
