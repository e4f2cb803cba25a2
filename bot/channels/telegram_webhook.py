"""`passerelle telegram set-webhook`: tell Telegram where to send updates, with our secret token."""
from __future__ import annotations

import asyncio
import os
from typing import Mapping, Optional

from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest

from bot.channels.settings import TELEGRAM_WEBHOOK_PATH, TelegramSettings


def webhook_url_for(url: str) -> str:
    """Accepts the server's public address or the full webhook URL."""
    url = url.rstrip("/")
    return url if url.endswith(TELEGRAM_WEBHOOK_PATH) else url + TELEGRAM_WEBHOOK_PATH


async def set_webhook(settings: TelegramSettings, url: str) -> None:
    request = HTTPXRequest()
    bot = Bot(settings.bot_token, base_url=settings.api_base_url, request=request)
    try:
        await bot.set_webhook(
            url=url,
            secret_token=settings.webhook_secret,
            allowed_updates=["message", "callback_query"],  # edits, polls, groups: not for us
            drop_pending_updates=False,
        )
    finally:
        await request.shutdown()


def set_webhook_command(url: Optional[str], environ: Mapping[str, str] = os.environ) -> int:
    """Exit status for the command line; says what to fix rather than printing a traceback."""
    settings = TelegramSettings.from_env(environ)
    if not settings.enabled:
        print(f"Telegram is off: set {', '.join(settings.missing)}.")
        return 2
    url = url or settings.webhook_url
    if not url:
        print("Give the public https address: --url https://… (or set PASSERELLE_PUBLIC_URL).")
        return 2
    url = webhook_url_for(url)
    try:
        asyncio.run(set_webhook(settings, url))
    except InvalidToken:
        print("Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather.")
        return 1
    except TelegramError as error:
        print(f"Could not set the Telegram webhook: {error}")
        return 1
    print(f"Telegram now sends updates to {url} (with the secret token).")
    return 0
