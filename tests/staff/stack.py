"""The real processes of a handoff, wired to local fakes: the action server, the Rasa server
(Telegram and Twilio channels, SQL tracker store, SQL event broker) and the staff console.

Ports 5405 (Rasa) and 5455 (actions): other suites use 5105, 5155, 5255 and free ports.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
from cryptography.fernet import Fernet

from tests.channels.server import (
    ACCOUNT_SID, AUTH_TOKEN, PUBLIC_TWILIO_URL, SMS_NUMBER, WEBHOOK_SECRET, WHATSAPP_NUMBER,
)
from tests.processes import ROOT, Process, port_is_free

RASA_PORT, ACTIONS_PORT = 5405, 5455
MODEL = ROOT / "models" / "passerelle.tar.gz"
NEWCOMER_TOKEN = "111111:newcomer-bot"
STAFF_TOKEN = "222222:staff-bot"
STAFF_CHAT = -1001234567890
API_TOKEN = "staff-test-api-token"
TEMPLATE_SID = "HX" + "1" * 32
RASA_START_TIMEOUT = 240  # seconds; about 30 s on a 2-core machine
CONSOLE_START_TIMEOUT = 60


class Stack:
    def __init__(self, folder: Path, bot_api_url: str, twilio_url: str):
        self.folder = folder
        self.tracker_db, self.events_db = folder / "tracker.db", folder / "events.db"
        self.store_url = f"sqlite:///{folder / 'store.db'}"
        self.rasa_url = f"http://127.0.0.1:{RASA_PORT}"
        self.fernet_key = Fernet.generate_key().decode()
        self.stores = {
            "DATABASE_URL": self.store_url,
            "TRACKER_DATABASE_URL": f"sqlite:///{self.tracker_db}",
            "PASSERELLE_EVENTS_DATABASE_URL": f"sqlite:///{self.events_db}",
            "PASSERELLE_FERNET_KEY": self.fernet_key,
        }
        self.channels = {
            "TELEGRAM_BOT_TOKEN": NEWCOMER_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "TELEGRAM_API_BASE_URL": bot_api_url,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_SMS_NUMBER": SMS_NUMBER, "TWILIO_WHATSAPP_NUMBER": WHATSAPP_NUMBER,
            "TWILIO_WEBHOOK_URL": PUBLIC_TWILIO_URL, "TWILIO_API_BASE_URL": twilio_url,
        }
        self.common = {"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false",
                       "SQLALCHEMY_SILENCE_UBER_WARNING": "1", **self.stores}
        self.endpoints, self.credentials = folder / "endpoints.yml", folder / "credentials.yml"
        self.endpoints.write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{ACTIONS_PORT}/webhook\n"
            f"tracker_store:\n  type: bot.tracker_store.ErasableSQLTrackerStore\n  dialect: sqlite\n  db: {self.tracker_db}\n"
            f"event_broker:\n  type: bot.event_broker.BatchedSQLEventBroker\n  dialect: sqlite\n  db: {self.events_db}\n"
        )
        self.credentials.write_text("rest:\nbot.channels.telegram.TelegramChannel:\nbot.channels.twilio.TwilioChannel:\n")
        self.actions: Optional[Process] = None
        self.rasa: Optional[Process] = None
        self.console: Optional[Process] = None
        self.http = httpx.Client(timeout=30)

    # -- processes -------------------------------------------------------------------------

    def start_actions(self) -> None:
        assert port_is_free(ACTIONS_PORT), f"port {ACTIONS_PORT} is taken"
        self.actions = Process([str(ROOT / ".venv/bin/rasa"), "run", "actions", "--actions", "actions",
                                "--port", str(ACTIONS_PORT)], env=self.common)
        self.actions.wait_for("Action endpoint is up and running", timeout=120)

    def start_rasa(self) -> float:
        assert port_is_free(RASA_PORT), f"port {RASA_PORT} is taken"
        env = {**self.common, **self.channels, "PASSERELLE_OPT_OUTS_DB": str(self.folder / "opt-outs.db"),
               "PASSERELLE_REDIS_URL": ""}
        self.rasa = Process([
            str(ROOT / ".venv/bin/rasa"), "run", "--model", str(MODEL), "--endpoints", str(self.endpoints),
            "--credentials", str(self.credentials), "--interface", "127.0.0.1", "--port", str(RASA_PORT),
            "--enable-api", "--auth-token", API_TOKEN,
        ], env=env)
        start = time.monotonic()
        while time.monotonic() - start < RASA_START_TIMEOUT:
            if self.rasa.popen.poll() is not None:
                break
            try:
                if self.http.get(self.rasa_url + "/").status_code == 200:
                    return time.monotonic() - start
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"rasa did not start:\n{''.join(self.rasa.output)[-3000:]}")

    def console_env(self, **overrides: str) -> Dict[str, str]:
        return {
            **self.common, **self.channels,
            "TELEGRAM_STAFF_BOT_TOKEN": STAFF_TOKEN, "TELEGRAM_STAFF_CHAT_ID": str(STAFF_CHAT),
            "PASSERELLE_RASA_URL": self.rasa_url, "PASSERELLE_API_TOKEN": API_TOKEN,
            "PASSERELLE_STAFF_STATE_URL": f"sqlite:///{self.folder / 'staff-console.db'}",
            "PASSERELLE_STAFF_POLL_SECONDS": "0.2",
            "PASSERELLE_STAFF_REMINDER_MINUTES": "600", "PASSERELLE_STAFF_REMINDERS": "always",
            "TWILIO_WHATSAPP_TEMPLATE_SID": TEMPLATE_SID,
            **overrides,
        }

    def start_console(self, **overrides: str) -> Process:
        self.console = Process([str(ROOT / ".venv/bin/python"), "-m", "bot.staff"], env=self.console_env(**overrides))
        self.console.wait_for("staff console started", timeout=CONSOLE_START_TIMEOUT)
        return self.console

    def stop_console(self) -> str:
        """Stops the console as systemd or Ctrl-C would; returns what it logged."""
        console, self.console = self.console, None
        if console is None:
            return ""
        try:
            assert console.interrupt(timeout=30) == 0
        finally:
            console.kill()
        return "".join(console.output)

    def stop(self) -> None:
        for process in (self.console, self.rasa, self.actions):
            if process is not None:
                try:
                    process.interrupt(timeout=30)
                except Exception:
                    pass
                process.kill()
        self.http.close()

    # -- the person's side -----------------------------------------------------------------

    def telegram(self, update: Dict[str, Any]) -> None:
        response = self.http.post(self.rasa_url + "/webhooks/telegram/webhook", json=update,
                                  headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        assert response.status_code == 200, response.text

    def whatsapp(self, sender: str, body: str) -> None:
        from twilio.request_validator import RequestValidator

        from tests.channels.server import new_message_sid

        params = {"MessageSid": new_message_sid(), "AccountSid": ACCOUNT_SID, "From": sender,
                  "To": f"whatsapp:{WHATSAPP_NUMBER}", "Body": body, "NumMedia": "0"}
        signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_TWILIO_URL, params)
        response = self.http.post(self.rasa_url + "/webhooks/twilio/webhook", data=params,
                                  headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200, response.text

    # -- Rasa's records --------------------------------------------------------------------

    def conversation(self, sender: str) -> Dict[str, Any]:
        return self.http.get(f"{self.rasa_url}/conversations/{sender}/tracker", params={"token": API_TOKEN}).json()

    def tracker_texts(self, sender: str, kind: str) -> List[str]:
        """The texts of the conversation's `user` or `bot` events, as the tracker store kept them."""
        with sqlite3.connect(self.tracker_db) as db:
            rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = ? ORDER BY id",
                              (sender, kind)).fetchall()
        return [json.loads(data).get("text") for (data,) in rows]

    def age_conversation(self, sender: str, hours: float) -> None:
        """Moves the whole conversation `hours` into the past, as if that much time had gone by."""
        shift = hours * 3600
        with sqlite3.connect(self.tracker_db) as db:
            for row_id, data in db.execute("SELECT id, data FROM events WHERE sender_id = ?", (sender,)).fetchall():
                event = json.loads(data)
                event["timestamp"] -= shift
                db.execute("UPDATE events SET data = ?, timestamp = ? WHERE id = ?",
                           (json.dumps(event), event["timestamp"], row_id))

    # -- the console's progress --------------------------------------------------------------

    def wait_until_console_caught_up(self, timeout: float = 30) -> None:
        """Until the console has read every event the broker holds (so what it did not post, it never will)."""
        deadline = time.monotonic() + timeout
        while True:
            with sqlite3.connect(self.events_db) as db:
                last = db.execute("SELECT max(id) FROM events").fetchone()[0] or 0
            try:
                with sqlite3.connect(self.folder / "staff-console.db") as db:
                    row = db.execute("SELECT value FROM staff_cursors WHERE name = 'broker_row'").fetchone()
            except sqlite3.OperationalError:
                row = None
            if row and row[0] >= last:
                return
            assert time.monotonic() < deadline, f"the console did not read broker rows up to {last} within {timeout} s"
            time.sleep(0.1)

    def set_console_cursor(self, name: str, value: int) -> None:
        with sqlite3.connect(self.folder / "staff-console.db") as db:
            db.execute("DELETE FROM staff_cursors WHERE name = ?", (name,))
            db.execute("INSERT INTO staff_cursors (name, value) VALUES (?, ?)", (name, value))

    def restart_rasa(self) -> None:
        self.rasa.interrupt(timeout=60)
        self.start_rasa()

    def stop_rasa(self) -> None:
        self.rasa.interrupt(timeout=60)

    def restart_actions(self) -> None:
        self.actions.interrupt(timeout=60)
        self.start_actions()
