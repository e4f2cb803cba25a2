"""Channel settings, read from environment variables (never from files in the repository).

A channel whose settings are incomplete is disabled: its webhook answers 503 and
`describe_configuration()` says what is missing.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Mapping, Optional

ROOT = Path(__file__).resolve().parent.parent.parent

TWILIO_WEBHOOK_PATH = "/webhooks/twilio/webhook"
TELEGRAM_WEBHOOK_PATH = "/webhooks/telegram/webhook"
DEFAULT_OPT_OUTS_DB = ROOT / "var" / "opt-outs.db"
# Telegram accepts 1-256 characters from this set for a webhook secret token.
TELEGRAM_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _value(environ: Mapping[str, str], name: str) -> Optional[str]:
    value = (environ.get(name) or "").strip()
    return value or None


def public_url(environ: Mapping[str, str]) -> Optional[str]:
    """The https address people's messages reach us at (ngrok, a proxy), without a trailing /."""
    value = _value(environ, "PASSERELLE_PUBLIC_URL")
    return value.rstrip("/") if value else None


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: Optional[str]
    auth_token: Optional[str]
    sms_number: Optional[str]
    whatsapp_number: Optional[str]
    webhook_url: Optional[str]  # the exact URL Twilio calls: signatures are computed on it
    api_base_url: Optional[str]  # tests point the REST client at a local fake

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "TwilioSettings":
        base = public_url(environ)
        whatsapp = _value(environ, "TWILIO_WHATSAPP_NUMBER")
        return cls(
            account_sid=_value(environ, "TWILIO_ACCOUNT_SID"),
            auth_token=_value(environ, "TWILIO_AUTH_TOKEN"),
            sms_number=_value(environ, "TWILIO_SMS_NUMBER"),
            whatsapp_number=whatsapp[len("whatsapp:"):] if whatsapp and whatsapp.startswith("whatsapp:") else whatsapp,
            webhook_url=_value(environ, "TWILIO_WEBHOOK_URL") or (base + TWILIO_WEBHOOK_PATH if base else None),
            api_base_url=_value(environ, "TWILIO_API_BASE_URL"),
        )

    @property
    def missing(self) -> List[str]:
        missing = [name for name, value in (
            ("TWILIO_ACCOUNT_SID", self.account_sid),
            ("TWILIO_AUTH_TOKEN", self.auth_token),
        ) if not value]
        if not (self.sms_number or self.whatsapp_number):
            missing.append("TWILIO_SMS_NUMBER or TWILIO_WHATSAPP_NUMBER")
        if not self.webhook_url:
            missing.append("PASSERELLE_PUBLIC_URL (or TWILIO_WEBHOOK_URL)")
        return missing

    @property
    def enabled(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class TelegramSettings:
    bot_token: Optional[str]
    webhook_secret: Optional[str]
    api_base_url: str  # python-telegram-bot's base_url: the token is appended to it
    public_url: Optional[str]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "TelegramSettings":
        return cls(
            bot_token=_value(environ, "TELEGRAM_BOT_TOKEN"),
            webhook_secret=_value(environ, "TELEGRAM_WEBHOOK_SECRET"),
            api_base_url=_value(environ, "TELEGRAM_API_BASE_URL") or "https://api.telegram.org/bot",
            public_url=public_url(environ),
        )

    @property
    def missing(self) -> List[str]:
        missing = [name for name, value in (
            ("TELEGRAM_BOT_TOKEN", self.bot_token),
            ("TELEGRAM_WEBHOOK_SECRET", self.webhook_secret),
        ) if not value]
        if self.webhook_secret and not TELEGRAM_SECRET_PATTERN.match(self.webhook_secret):
            missing.append("TELEGRAM_WEBHOOK_SECRET made of 1-256 letters, digits, _ or -")
        return missing

    @property
    def enabled(self) -> bool:
        return not self.missing

    @property
    def webhook_url(self) -> Optional[str]:
        return self.public_url + TELEGRAM_WEBHOOK_PATH if self.public_url else None


@dataclass(frozen=True)
class StateSettings:
    redis_url: Optional[str]
    opt_outs_db: Path

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "StateSettings":
        db = _value(environ, "PASSERELLE_OPT_OUTS_DB")
        return cls(
            redis_url=_value(environ, "PASSERELLE_REDIS_URL"),
            opt_outs_db=Path(db) if db else DEFAULT_OPT_OUTS_DB,
        )
