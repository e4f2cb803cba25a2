"""WhatsApp's 24-hour rule: a free-form message reaches a person only within 24 hours of
their last message; after that, only an approved template (Twilio Content SID) may be sent.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Optional

from bot.channels.privacy import pseudonym
from bot.channels.settings import TwilioSettings
from bot.channels.twilio_rest import TwilioSender, is_whatsapp

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)


def needs_template(sender_id: Optional[str], last_message_at: Optional[datetime], now: datetime) -> bool:
    """True when a free-form message to this conversation would be refused by WhatsApp."""
    if not sender_id or not is_whatsapp(sender_id):
        return False
    return last_message_at is None or now - last_message_at >= WINDOW


class TemplateSender(TwilioSender):
    """The Twilio channel's sender, plus approved templates (bot/channels has no hook for them yet)."""

    def __init__(self, settings: TwilioSettings, content_sid: Optional[str]):
        super().__init__(settings)
        self.content_sid = content_sid

    @property
    def configured(self) -> bool:
        settings = self.settings
        return bool(self.content_sid and settings.account_sid and settings.auth_token and settings.whatsapp_number)

    async def send_template(self, to: str) -> None:
        sent = await self._rest_client().messages.create_async(
            to=to, from_=self.from_number(to), content_sid=self.content_sid,
        )
        logger.info("whatsapp: template %s sent to %s (%s)", self.content_sid, pseudonym(to), sent.sid)
