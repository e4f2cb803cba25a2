"""One real `rasa run` with our channels, wired to the fake Twilio and Telegram APIs."""
from __future__ import annotations

import itertools
import json
import socket
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
from cryptography.fernet import Fernet
from twilio.request_validator import RequestValidator

from tests.channels.fakes import FakeTelegram, FakeTwilio
from tests.processes import ROOT, Process

MODEL = ROOT / "models" / "passerelle.tar.gz"
ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token"
SMS_NUMBER = "+15815550100"
WHATSAPP_NUMBER = "+15815550199"
# Twilio signs the address it calls; behind a proxy that is not the one we listen on.
PUBLIC_TWILIO_URL = "https://passerelle.example.org/webhooks/twilio/webhook"
BOT_TOKEN = "123456:test-bot-token"
WEBHOOK_SECRET = "test-secret_123"
API_TOKEN = "test-api-token"
START_TIMEOUT = 240  # seconds; about 30 s on a 2-core machine

_numbers = itertools.count(1000)
_update_ids = itertools.count(int(time.time()))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def new_phone() -> str:
    """A phone number no other test uses (+1 418 555 xxxx)."""
    return f"+1418555{next(_numbers):04d}"


def new_message_sid() -> str:
    return f"SM{uuid.uuid4().hex}"


class ChannelServer:
    def __init__(self, workdir: Path, twilio: FakeTwilio, telegram: FakeTelegram):
        self.twilio_api, self.telegram_api = twilio, telegram
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tracker_db = workdir / "tracker.db"
        self.opt_outs_db = workdir / "opt-outs.db"
        credentials = workdir / "credentials.yml"
        credentials.write_text("rest:\nbot.channels.twilio.TwilioChannel:\nbot.channels.telegram.TelegramChannel:\n")
        endpoints = workdir / "endpoints.yml"
        actions_port = free_port()
        endpoints.write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
            f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {self.tracker_db}\n"
        )
        env = {
            "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_SMS_NUMBER": SMS_NUMBER, "TWILIO_WHATSAPP_NUMBER": WHATSAPP_NUMBER,
            "TWILIO_WEBHOOK_URL": PUBLIC_TWILIO_URL, "TWILIO_API_BASE_URL": twilio.url,
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "PASSERELLE_OPT_OUTS_DB": str(self.opt_outs_db),
            "PASSERELLE_REDIS_URL": "",  # the Redis stores have their own tests
        }
        # Custom actions (session start, handoff…) run in their own server, as under `make run`.
        self.actions = Process([str(ROOT / ".venv" / "bin" / "rasa"), "run", "actions", "--actions", "actions",
                                "--port", str(actions_port)], env={
            **env, "DATABASE_URL": f"sqlite:///{workdir / 'store.db'}",
            "TRACKER_DATABASE_URL": f"sqlite:///{self.tracker_db}", "PASSERELLE_FERNET_KEY": Fernet.generate_key().decode(),
            "PASSERELLE_EVENTS_DATABASE_URL": f"sqlite:///{workdir / 'events.db'}",
        })
        self.process = Process([
            str(ROOT / ".venv" / "bin" / "rasa"), "run", "--model", str(MODEL),
            "--credentials", str(credentials), "--endpoints", str(endpoints),
            "--interface", "127.0.0.1", "--port", str(self.port),
            "--enable-api", "--auth-token", API_TOKEN,
        ], env=env)
        self.http = httpx.Client(timeout=30)

    def wait_until_ready(self) -> float:
        start = time.monotonic()
        while time.monotonic() - start < START_TIMEOUT:
            if self.process.popen.poll() is not None:
                break
            try:
                if self.http.get(self.url + "/").status_code == 200:
                    self.actions.wait_for("Action endpoint is up and running", timeout=START_TIMEOUT)
                    return time.monotonic() - start
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"rasa did not start within {START_TIMEOUT} s:\n{''.join(self.process.output)[-3000:]}")

    def stop(self) -> None:
        self.http.close()
        try:
            self.process.interrupt(timeout=30)
        except Exception:
            self.process.kill()
        self.actions.kill()

    # -- Twilio ----------------------------------------------------------------------------

    def twilio(self, sender: str, body: str = "", sid: Optional[str] = None, signature: Optional[str] = None,
               signed_url: str = PUBLIC_TWILIO_URL, headers: Optional[Dict[str, str]] = None,
               **extra: str) -> httpx.Response:
        """Posts what Twilio posts for an incoming message, signed like Twilio signs it (for `signed_url`)."""
        params = {
            "MessageSid": sid or new_message_sid(), "AccountSid": ACCOUNT_SID, "From": sender,
            "To": f"whatsapp:{WHATSAPP_NUMBER}" if sender.startswith("whatsapp:") else SMS_NUMBER,
            "Body": body, "NumMedia": "0", **extra,
        }
        if signature is None:
            signature = RequestValidator(AUTH_TOKEN).compute_signature(signed_url, params)
        headers = {"X-Twilio-Signature": signature} if headers is None else headers
        return self.http.post(self.url + "/webhooks/twilio/webhook", data=params, headers=headers)

    def twilio_replies(self, to: str, count: int, timeout: float = 30) -> List[str]:
        return [call["Body"] for call in self.twilio_api.wait_for(to, count, timeout)]

    def twilio_sent_once_handled(self, to: str, messages: int) -> List[str]:
        """Everything sent to `to` once its first `messages` messages are fully handled."""
        self.user_events(to, at_least=messages)  # saved after the replies went out
        return [call["Body"] for call in self.twilio_api.sent_to(to)]

    # -- Telegram --------------------------------------------------------------------------

    def telegram(self, update: Dict[str, Any], secret: Optional[str] = WEBHOOK_SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return self.http.post(self.url + "/webhooks/telegram/webhook", json=update, headers=headers)

    def telegram_replies(self, chat_id: int, count: int, timeout: float = 30) -> List[Dict[str, Any]]:
        return self.telegram_api.wait_for_messages(chat_id, count, timeout)

    def telegram_sent_once_handled(self, chat_id: int, messages: int) -> List[Dict[str, Any]]:
        """Everything sent to the chat once its first `messages` messages are fully handled."""
        self.user_events(str(chat_id), at_least=messages)
        return self.telegram_api.calls("sendMessage", chat_id)

    # -- Rasa's side -----------------------------------------------------------------------

    def user_events(self, sender: str, at_least: int = 0, timeout: float = 10) -> List[Dict[str, Any]]:
        """The person's messages as the tracker store recorded them.

        Rasa saves the tracker just after sending the replies: wait for `at_least` of them.
        """
        deadline = time.monotonic() + timeout
        while True:
            with sqlite3.connect(self.tracker_db) as db:
                rows = db.execute(
                    "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
                ).fetchall()
            if len(rows) >= at_least or time.monotonic() > deadline:
                return [json.loads(data) for (data,) in rows]
            time.sleep(0.05)

    def wait_until_opted_out(self, sender: str, timeout: float = 10) -> None:
        """The opt-out has no visible reply: wait until the channel has stored it."""
        from bot.channels.privacy import pseudonym

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with sqlite3.connect(self.opt_outs_db) as db:
                    if db.execute("SELECT 1 FROM opt_outs WHERE person = ?", (pseudonym(sender),)).fetchone():
                        return
            except sqlite3.OperationalError:  # the table is not there yet
                pass
            time.sleep(0.05)
        raise AssertionError(f"no opt-out stored within {timeout} s")

    def staff_says(self, sender: str, text: str, buttons: Optional[List[Dict[str, str]]] = None) -> httpx.Response:
        """A staff reply through Rasa's HTTP API, delivered on the channel the person last used."""
        event: Dict[str, Any] = {"event": "bot", "text": text}
        if buttons:
            event["data"] = {"buttons": buttons}
        return self.http.post(
            f"{self.url}/conversations/{sender}/tracker/events",
            params={"output_channel": "latest", "execute_side_effects": "true", "token": API_TOKEN},
            json=event,
        )


def telegram_text(chat_id: int, text: str, language_code: Optional[str] = "es", update_id: Optional[int] = None,
                  **message: Any) -> Dict[str, Any]:
    """A Telegram update for a private message, as the Bot API posts it."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    if language_code:
        user["language_code"] = language_code
    body: Dict[str, Any] = {"message_id": 1, "date": int(time.time()), "from": user,
                            "chat": {"id": chat_id, "type": "private", "first_name": "Test"}, **message}
    if text:
        body["text"] = text
    return {"update_id": update_id or next(_update_ids), "message": body}


def telegram_button(chat_id: int, data: str, language_code: str = "es") -> Dict[str, Any]:
    """A Telegram update for a press on an inline keyboard button."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": language_code}
    return {"update_id": next(_update_ids), "callback_query": {
        "id": uuid.uuid4().hex, "from": user, "chat_instance": "1", "data": data,
        "message": {"message_id": 2, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"}, "text": "…"},
    }}


_chat_ids = itertools.count(700_000_000)


def new_chat_id() -> int:
    return next(_chat_ids)
