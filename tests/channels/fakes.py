"""Local stand-ins for Twilio's REST API and Telegram's Bot API: they record what is sent."""
from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Tuple
from urllib.parse import parse_qsl, urlparse


class _Recorder(ThreadingHTTPServer):
    """A threaded HTTP server on a free port of 127.0.0.1 that keeps every call it answers."""

    daemon_threads = True

    def __init__(self, answer: Callable[[str, Dict[str, Any]], Tuple[int, Dict[str, Any]]]):
        self.answer = answer
        self.calls: List[Dict[str, Any]] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, call: Dict[str, Any]) -> None:
        with self.lock:
            self.calls.append(call)

    def matching(self, predicate: Callable[[Dict[str, Any]], bool]) -> List[Dict[str, Any]]:
        with self.lock:
            return [call for call in self.calls if predicate(call)]

    def wait_for(self, predicate: Callable[[Dict[str, Any]], bool], count: int, timeout: float = 30) -> List[Dict[str, Any]]:
        """At least `count` matching calls, waiting at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.matching(predicate)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"{len(self.matching(predicate))} matching calls after {timeout} s, expected {count}")

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: _Recorder

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        if "json" in (self.headers.get("Content-Type") or ""):
            params = json.loads(body or "{}")
        else:
            params = dict(parse_qsl(body, keep_blank_values=True))
        status, payload = self.server.answer(urlparse(self.path).path, params)
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass


class FakeTwilio:
    """POST /2010-04-01/Accounts/{sid}/Messages.json, as twilio's client calls it."""

    def __init__(self, account_sid: str):
        self.account_sid = account_sid
        self.refused: Dict[str, int] = {}  # number -> Twilio error code
        self.server = _Recorder(self._answer)
        self.url = self.server.url

    def refuse(self, to: str, code: int) -> None:
        """Answer messages to `to` with Twilio's error `code`, e.g. 21610 (the person sent STOP to the carrier)."""
        self.refused[to] = code

    def _answer(self, path: str, params: Dict[str, Any]) -> Tuple[int, Dict[str, Any]]:
        if path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return 404, {"code": 20404, "message": "not found"}
        if params.get("To") in self.refused:
            code = self.refused[params["To"]]
            return 400, {"code": code, "message": f"Attempt to send to unsubscribed recipient {params['To']}",
                         "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": 400}
        sid = f"SM{uuid.uuid4().hex}"
        self.server.record({"sid": sid, "at": time.monotonic(), **params})
        return 201, {"sid": sid, "account_sid": self.account_sid, "to": params.get("To"),
                     "from": params.get("From"), "body": params.get("Body"), "status": "queued"}

    def sent_to(self, to: str) -> List[Dict[str, Any]]:
        return self.server.matching(lambda call: call.get("To") == to)

    def wait_for(self, to: str, count: int, timeout: float = 30) -> List[Dict[str, Any]]:
        return self.server.wait_for(lambda call: call.get("To") == to, count, timeout)

    def stop(self) -> None:
        self.server.stop()


class FakeTelegram:
    """POST /bot{token}/{method}: sendMessage, answerCallbackQuery, setWebhook, getMe."""

    def __init__(self, token: str):
        self.token = token
        self.server = _Recorder(self._answer)
        self.base_url = f"{self.server.url}/bot"  # python-telegram-bot appends the token
        self._message_ids = iter(range(1, 10**9))

    def _answer(self, path: str, params: Dict[str, Any]) -> Tuple[int, Dict[str, Any]]:
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix):]
        if isinstance(params.get("reply_markup"), str):
            params["reply_markup"] = json.loads(params["reply_markup"])
        self.server.record({"method": method, **params})
        if method == "sendMessage":
            return 200, {"ok": True, "result": {
                "message_id": next(self._message_ids), "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text", ""),
            }}
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Passerelle", "username": "passerelle_bot"}}
        return 200, {"ok": True, "result": True}

    def calls(self, method: str, chat_id: Any = None) -> List[Dict[str, Any]]:
        return self.server.matching(lambda call: call["method"] == method and (chat_id is None or str(call.get("chat_id")) == str(chat_id)))

    def wait_for_messages(self, chat_id: Any, count: int, timeout: float = 30) -> List[Dict[str, Any]]:
        return self.server.wait_for(
            lambda call: call["method"] == "sendMessage" and str(call.get("chat_id")) == str(chat_id), count, timeout)

    def stop(self) -> None:
        self.server.stop()
