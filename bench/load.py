"""Speed under load, end to end, beside a stock `rasa init` bot.

Passerelle: signed Twilio webhooks in, replies out through the Twilio REST API
to a local fake (tests/channels/fakes.py); real Rasa server, action server and
SQL tracker store. Latency is from posting the webhook to the fake receiving
the reply's send call. Stock: `rasa init`'s bot on Rasa's REST channel, latency
of the request. Everything stays on 127.0.0.1, and every loop is bounded.

Two kinds of load. Paced: each person reads the reply and types the next message
(PACE seconds, quicker than people on a phone, so heavier than real traffic): the
latency people get at 1, 5, 20 and 50 conversations at once. Back to back: 20
people who never pause, which saturates the server: its capacity in messages per
second and the CPU it spends per message. (With no pause, latency is just the
queue: 20 people / 45 messages per second = 440 ms, whatever the code does.)
"""
from __future__ import annotations

import asyncio
import math
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Dict, List

import httpx
from cryptography.fernet import Fernet
from twilio.request_validator import RequestValidator

from bot.locales import ROOT
from tests.channels.fakes import FakeTwilio
from tests.processes import Process

# PASSERELLE_BENCH_QUICK=1: a short run to check the benchmark itself, not to quote.
QUICK = os.environ.get("PASSERELLE_BENCH_QUICK") == "1"
CONCURRENCY = (1, 5) if QUICK else (1, 5, 20, 50)
MIN_MESSAGES_PER_LEVEL = 20 if QUICK else 60
PACE = (1.0, 3.0)  # seconds between a reply and the person's next message
CAPACITY_CONCURRENCY, CAPACITY_MESSAGES = (5, 40) if QUICK else (20, 400)
REPLY_TIMEOUT = 30.0
ACCOUNT_SID, AUTH_TOKEN = "AC" + "0" * 32, "bench-auth-token"
SMS_NUMBER = "+15817000000"
PUBLIC_URL = "https://passerelle.example/webhooks/twilio/webhook"
RASA = str(ROOT / ".venv" / "bin" / "rasa")

# Realistic exchanges, one language each.
SCRIPTS = [
    ["hola", "kiero pedir asilo, como hago?", "mas", "cuando tengo q mandar el formulario FDA?", "puedo trabajar mientras espero?", "gracias"],
    ["bonjour", "c koi le papier brun", "jpeux aller chez le medecin avec le PFSI?", "mes enfants peuvent aller a l'ecole?", "merci beaucoup"],
    ["hi", "how do i make a refugee claim from inside canada", "when is my hearing going to be", "can i get a work permit", "thanks"],
]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PeakRss:
    """Samples the resident memory of a process and its children until stopped."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb, self._stop = pid, 0, threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _rss_kb(self) -> int:
        total = 0
        pids = [self.pid] + _children(self.pid)
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_kb = max(self.peak_kb, self._rss_kb())

    def stop(self) -> float:
        self._stop.set()
        return self.peak_kb / 1024


def _children(pid: int) -> List[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found] + [grand for child in found for grand in _children(int(child))]


def _wait_ready(url: str, process: Process, timeout: float = 240) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.popen.poll() is not None:
            break
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - start
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server did not start:\n{''.join(process.output)[-2000:]}")


def _summary(concurrency: int, latencies: List[float], errors: int, seconds: float, peak_mb: float) -> Dict:
    ordered = sorted(latencies) or [float("nan")]

    def percentile(p: float) -> float:
        return ordered[min(len(ordered) - 1, math.ceil(p * len(ordered)) - 1)] * 1000

    return {
        "concurrency": concurrency, "messages": len(latencies) + errors, "errors": errors,
        "p50": percentile(0.50), "p95": percentile(0.95), "p99": percentile(0.99),
        "mean": statistics.fmean(ordered) * 1000, "throughput": len(latencies) / seconds, "peak_rss_mb": peak_mb,
    }


async def _run_level(concurrency: int, converse: Callable, min_messages: int, paced: bool) -> Dict:
    """`concurrency` people at once, each running scripts one after the other."""
    rounds = max(1, math.ceil(min_messages / (concurrency * 5)))
    latencies: List[float] = []
    errors = [0]

    async def person(index: int) -> None:
        pause = random.Random(index)  # the same pauses on every run and for both bots
        think = (lambda: asyncio.sleep(pause.uniform(*PACE))) if paced else None
        if paced:  # people do not all write at the same instant
            await asyncio.sleep(pause.uniform(0, PACE[1]))
        for round_number in range(rounds):
            script = SCRIPTS[(index + round_number) % len(SCRIPTS)]
            await converse(script, latencies, errors, think)

    start = time.monotonic()
    await asyncio.gather(*(person(i) for i in range(concurrency)))
    return {"latencies": latencies, "errors": errors[0], "seconds": time.monotonic() - start}


def _passerelle_converse(client: httpx.AsyncClient, url: str, fake: FakeTwilio, replies_per_message: Dict[str, int]):
    validator = RequestValidator(AUTH_TOKEN)

    async def converse(script: List[str], latencies: List[float], errors: List[int], think) -> None:
        phone = f"+1418{uuid.uuid4().int % 10**7:07d}"
        expected = 0
        for turn, text in enumerate(script):
            if think and turn:
                await think()
            params = {"MessageSid": f"SM{uuid.uuid4().hex}", "AccountSid": ACCOUNT_SID, "From": phone,
                      "To": SMS_NUMBER, "Body": text, "NumMedia": "0"}
            headers = {"X-Twilio-Signature": validator.compute_signature(PUBLIC_URL, params)}
            expected += replies_per_message.get(text, 1)
            sent = time.monotonic()
            try:
                response = await client.post(url, data=params, headers=headers)
                response.raise_for_status()
                first = await _first_reply_after(fake, phone, sent, expected)
                latencies.append(first - sent)
            except Exception:
                errors[0] += 1
                return

    return converse


async def _first_reply_after(fake: FakeTwilio, phone: str, sent: float, expected_total: int) -> float:
    """When the first reply to this message was sent; waits for all of its replies."""
    deadline = time.monotonic() + REPLY_TIMEOUT
    while time.monotonic() < deadline:
        calls = fake.sent_to(phone)
        if len(calls) >= expected_total:
            return min(call["at"] for call in calls if call["at"] >= sent)
        await asyncio.sleep(0.005)
    raise TimeoutError(phone)


def _stock_converse(client: httpx.AsyncClient, url: str):
    async def converse(script: List[str], latencies: List[float], errors: List[int], think) -> None:
        sender = uuid.uuid4().hex
        for turn, text in enumerate(script):
            if think and turn:
                await think()
            sent = time.monotonic()
            try:
                response = await client.post(url, json={"sender": sender, "message": text})
                response.raise_for_status()
                latencies.append(time.monotonic() - sent)
            except Exception:
                errors[0] += 1
                return

    return converse


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _levels(converse_factory, pid: int) -> Dict:
    async def all_levels() -> Dict:
        paced = []
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(timeout=REPLY_TIMEOUT, limits=limits) as client:
            converse = converse_factory(client)
            await _run_level(2, converse, 10, paced=False)  # warm up: first calls load lazily
            for concurrency in CONCURRENCY:
                rss = PeakRss(pid)
                level = await _run_level(concurrency, converse, MIN_MESSAGES_PER_LEVEL, paced=True)
                paced.append(_summary(concurrency, level["latencies"], level["errors"], level["seconds"], rss.stop()))
                print(f"  {concurrency:3} people, paced: p50 {paced[-1]['p50']:.0f} ms, p95 {paced[-1]['p95']:.0f} ms, "
                      f"{paced[-1]['errors']} errors", flush=True)
            rss, cpu = PeakRss(pid), _cpu_seconds(pid)
            level = await _run_level(CAPACITY_CONCURRENCY, converse, CAPACITY_MESSAGES, paced=False)
            capacity = _summary(CAPACITY_CONCURRENCY, level["latencies"], level["errors"], level["seconds"], rss.stop())
            capacity["cpu_ms_per_message"] = (_cpu_seconds(pid) - cpu) * 1000 / max(1, capacity["messages"])
            print(f"  {CAPACITY_CONCURRENCY:3} people, back to back: {capacity['throughput']:.1f} msg/s, "
                  f"{capacity['cpu_ms_per_message']:.1f} ms of server CPU per message, {capacity['errors']} errors", flush=True)
        return {"runs": paced, "capacity": capacity}

    return asyncio.run(all_levels())


def _replies_per_message(fake: FakeTwilio, url: str) -> Dict[str, int]:
    """How many messages the assistant sends for each scripted text (one quiet run first)."""
    validator, counts = RequestValidator(AUTH_TOKEN), {}
    with httpx.Client(timeout=REPLY_TIMEOUT) as client:
        for script in SCRIPTS:
            phone = f"+1418{uuid.uuid4().int % 10**7:07d}"
            for text in script:
                before = len(fake.sent_to(phone))
                params = {"MessageSid": f"SM{uuid.uuid4().hex}", "AccountSid": ACCOUNT_SID, "From": phone,
                          "To": SMS_NUMBER, "Body": text, "NumMedia": "0"}
                client.post(url, data=params, headers={"X-Twilio-Signature": validator.compute_signature(PUBLIC_URL, params)})
                fake.wait_for(phone, before + 1, REPLY_TIMEOUT)
                time.sleep(1.0)  # let every reply of this message go out
                counts[text] = len(fake.sent_to(phone)) - before
    return counts


def run_passerelle(folder: Path) -> Dict:
    fake = FakeTwilio(ACCOUNT_SID)
    port, actions_port = _free_port(), _free_port()
    env = {
        "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'store.db'}", "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "PASSERELLE_EVENTS_DATABASE_URL": f"sqlite:///{folder / 'events.db'}",
        "PASSERELLE_FERNET_KEY": Fernet.generate_key().decode(),
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_SMS_NUMBER": SMS_NUMBER,
        "TWILIO_WEBHOOK_URL": PUBLIC_URL, "TWILIO_API_BASE_URL": fake.url,
        "PASSERELLE_OPT_OUTS_DB": str(folder / "opt-outs.db"), "PASSERELLE_REDIS_URL": "",
    }
    (folder / "credentials.yml").write_text("bot.channels.twilio.TwilioChannel:\n")
    (folder / "endpoints.yml").write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
        f"tracker_store:\n  type: bot.tracker_store.ErasableSQLTrackerStore\n  dialect: sqlite\n  db: {folder / 'tracker.db'}\n"
        # as in endpoints.yml: the staff console reads paused conversations from it
        f"event_broker:\n  type: bot.event_broker.BatchedSQLEventBroker\n  dialect: sqlite\n  db: {folder / 'events.db'}\n"
    )
    actions = Process([RASA, "run", "actions", "--actions", "actions", "--port", str(actions_port)], env=env)
    server = Process([RASA, "run", "--model", str(ROOT / "models" / "passerelle.tar.gz"), "--credentials",
                      str(folder / "credentials.yml"), "--endpoints", str(folder / "endpoints.yml"),
                      "--interface", "127.0.0.1", "--port", str(port)], env=env)
    try:
        start_seconds = _wait_ready(f"http://127.0.0.1:{port}/", server)
        actions.wait_for("Action endpoint is up and running", timeout=120)
        webhook = f"http://127.0.0.1:{port}/webhooks/twilio/webhook"
        replies = _replies_per_message(fake, webhook)
        print("Passerelle (signed Twilio webhook, replies via the Twilio REST API):", flush=True)
        figures = _levels(lambda client: _passerelle_converse(client, webhook, fake, replies), server.popen.pid)
        return {"start_seconds": start_seconds, **figures,
                "path": "Twilio webhook → Rasa (NLU, rules, SQL tracker store and event broker) → Twilio REST send"}
    finally:
        server.interrupt()
        actions.kill()
        fake.server.stop()


def run_stock(folder: Path) -> Dict:
    project = folder / "stock"
    project.mkdir()  # rasa init wants the folder to exist
    subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(project)], check=True, cwd=folder,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    port = _free_port()
    env = {"RASA_TELEMETRY_ENABLED": "false"}
    server = Process([RASA, "run", "--interface", "127.0.0.1", "--port", str(port)], env=env, cwd=project)
    try:
        start_seconds = _wait_ready(f"http://127.0.0.1:{port}/", server)
        print("Stock rasa init bot (REST channel):", flush=True)
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        figures = _levels(lambda client: _stock_converse(client, url), server.popen.pid)
        return {"start_seconds": start_seconds, **figures, "path": "REST webhook → Rasa (moodbot) → HTTP response"}
    finally:
        server.interrupt()
        shutil.rmtree(project, ignore_errors=True)


def run() -> Dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        return {"passerelle": run_passerelle(folder), "stock": run_stock(folder)}
