"""Without their environment variables the channels are off, say so, and say how to switch them on."""
import os
import time

import httpx
import pytest

from bot.channels import describe_configuration
from bot.channels.settings import TelegramSettings, TwilioSettings
from tests.channels.server import free_port
from tests.processes import ROOT, Process

CHANNEL_VARIABLES = ("TWILIO_", "TELEGRAM_", "PASSERELLE_PUBLIC_URL", "PASSERELLE_REDIS_URL")
TWILIO_ON = {
    "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "token", "TWILIO_SMS_NUMBER": "+15815550100",
    "PASSERELLE_PUBLIC_URL": "https://abcd.ngrok-free.app/",
}
TELEGRAM_ON = {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_SECRET": "s3cret_-token"}


@pytest.fixture(scope="module")
def channels_off():
    """Our two channels mounted without any of their settings."""
    port = free_port()
    # Process() adds os.environ: blank out every channel variable a developer may have set.
    blank = {name: "" for name in os.environ if name.startswith(CHANNEL_VARIABLES)}
    process = Process([".venv/bin/python", "-m", "tests.channels.channels_only_server", str(port)],
                      env={**blank, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.popen.poll() is None:
            try:
                httpx.get(url + "/webhooks/twilio/")
                break
            except httpx.TransportError:
                time.sleep(0.3)
        yield url
    finally:
        process.kill()


@pytest.mark.parametrize("channel", ["twilio", "telegram"])
def test_a_channel_without_settings_answers_503_and_says_what_is_missing(channels_off, channel):
    response = httpx.post(f"{channels_off}/webhooks/{channel}/webhook", data={"Body": "hola"})
    assert response.status_code == 503
    assert response.json()["missing"]
    assert httpx.get(f"{channels_off}/webhooks/{channel}/").json() == {"status": "off"}


def test_the_description_says_everything_is_off_and_how_to_switch_it_on():
    lines = describe_configuration({})
    text = "\n".join(lines)
    assert lines[0].startswith("REST channel: on")
    assert "ngrok" in text and "PASSERELLE_PUBLIC_URL" in text
    assert "Twilio (SMS, WhatsApp): off" in text and "TWILIO_AUTH_TOKEN" in text and "/webhooks/twilio/webhook" in text
    assert "Telegram: off" in text and "passerelle telegram set-webhook" in text


def test_the_description_gives_the_twilio_console_url_once_configured():
    text = "\n".join(describe_configuration({**TWILIO_ON, **TELEGRAM_ON}))
    assert "Twilio: on (SMS)" in text
    assert "HTTP POST https://abcd.ngrok-free.app/webhooks/twilio/webhook" in text
    assert "Telegram: on" in text and "set-webhook --url https://abcd.ngrok-free.app" in text
    assert "opt-outs in" in text  # no Redis: this server's memory and SQLite file


def test_every_missing_setting_is_named():
    assert TwilioSettings.from_env({}).missing == [
        "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_SMS_NUMBER or TWILIO_WHATSAPP_NUMBER",
        "PASSERELLE_PUBLIC_URL (or TWILIO_WEBHOOK_URL)",
    ]
    assert TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_SECRET": "has spaces"}).missing


def test_the_public_url_gives_the_signed_twilio_url_unless_set_explicitly():
    assert TwilioSettings.from_env(TWILIO_ON).webhook_url == "https://abcd.ngrok-free.app/webhooks/twilio/webhook"
    explicit = {**TWILIO_ON, "TWILIO_WEBHOOK_URL": "https://proxy.example.org/sms"}
    assert TwilioSettings.from_env(explicit).webhook_url == "https://proxy.example.org/sms"
    assert TwilioSettings.from_env({**TWILIO_ON, "TWILIO_WHATSAPP_NUMBER": "whatsapp:+1581"}).whatsapp_number == "+1581"
