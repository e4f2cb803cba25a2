"""Our own channel connectors: Twilio (SMS, WhatsApp) and Telegram. See README, "Channels"."""
from __future__ import annotations

import os
from typing import List, Mapping

from bot.channels.settings import (
    TELEGRAM_WEBHOOK_PATH,
    TWILIO_WEBHOOK_PATH,
    StateSettings,
    TelegramSettings,
    TwilioSettings,
    public_url,
)


def describe_configuration(environ: Mapping[str, str] = os.environ) -> List[str]:
    """Which channels are on, and how to switch on the others (printed by scripts/run)."""
    base = public_url(environ)
    twilio, telegram = TwilioSettings.from_env(environ), TelegramSettings.from_env(environ)
    state = StateSettings.from_env(environ)
    lines = ["REST channel: on (terminal, web, tests)."]
    if not base:
        lines.append(
            "Public address: none. For SMS, WhatsApp or Telegram, expose this server over https "
            "(e.g. `ngrok http 5005`) and set PASSERELLE_PUBLIC_URL=https://<the address ngrok gives>."
        )

    if twilio.enabled:
        numbers = ", ".join(kind for kind, number in (("SMS", twilio.sms_number), ("WhatsApp", twilio.whatsapp_number)) if number)
        lines.append(f"Twilio: on ({numbers}). In the Twilio console, set \"A message comes in\" "
                     f"to HTTP POST {twilio.webhook_url} for each number.")
    else:
        lines.append(f"Twilio (SMS, WhatsApp): off. To switch it on, set {', '.join(twilio.missing)}; "
                     f"then in the Twilio console set \"A message comes in\" to HTTP POST "
                     f"{base or 'https://<public address>'}{TWILIO_WEBHOOK_PATH}.")

    if telegram.enabled:
        lines.append(f"Telegram: on. Once per address: `passerelle telegram set-webhook --url "
                     f"{base or 'https://<public address>'}` (Telegram then posts to {TELEGRAM_WEBHOOK_PATH}).")
    else:
        lines.append(f"Telegram: off. To switch it on, set {', '.join(telegram.missing)} "
                     f"(the token from @BotFather, a secret of letters and digits you choose), restart, "
                     f"then run `passerelle telegram set-webhook --url https://<public address>`.")

    if twilio.enabled or telegram.enabled:
        lines.append("Channel memory (retries, opt-outs, menus): "
                     + ("Redis (PASSERELLE_REDIS_URL)." if state.redis_url
                        else f"this server, opt-outs in {state.opt_outs_db}; set PASSERELLE_REDIS_URL to share it between servers."))
    return lines
