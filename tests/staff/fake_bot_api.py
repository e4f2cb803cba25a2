"""A local Telegram Bot API for several bots: the newcomers' bot (Rasa sends through it) and
the staff bot (the console long-polls getUpdates and posts in the staff group).

Updates are kept until a getUpdates with a higher offset confirms them, as Telegram does,
so a console that stops before handling an update gets it again.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
from typing import Any, Dict, List, Tuple

from tests.channels.fakes import _Recorder

MAX_LONG_POLL = 5.0  # seconds a getUpdates is held at most, whatever the console asks


class FakeBotApi:
    def __init__(self, *tokens: str):
        self.tokens = set(tokens)
        self.server = _Recorder(self._answer)
        # A console stopped during a long poll closes the connection: not an error worth printing.
        self.server.handle_error = lambda request, client_address: None
        self.base_url = f"{self.server.url}/bot"  # python-telegram-bot appends the token
        self._pending: Dict[str, List[Dict[str, Any]]] = {token: [] for token in tokens}
        self._arrived = threading.Condition()
        self._message_ids = itertools.count(1000)
        self._update_ids = itertools.count(int(time.time()))

    # -- what the bots call ------------------------------------------------------------------

    def _answer(self, path: str, params: Dict[str, Any]) -> Tuple[int, Dict[str, Any]]:
        token, _, method = path[len("/bot"):].partition("/")
        if token not in self.tokens:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        for name in ("reply_markup", "reply_parameters", "reaction", "allowed_updates"):
            if isinstance(params.get(name), str):
                params[name] = json.loads(params[name])
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._updates_for(token, params)}
        call = {"token": token, "method": method, **params}
        if method == "sendMessage":
            call["message_id"] = next(self._message_ids)
        self.server.record(call)
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            return 200, {"ok": True, "result": {
                "message_id": call["message_id"], "date": int(time.time()), "text": params.get("text", ""),
                "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"},
            }}
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": abs(hash(token)) % 10**9, "is_bot": True,
                                                "first_name": "Passerelle", "username": "passerelle_bot"}}
        return 200, {"ok": True, "result": True}

    def _updates_for(self, token: str, params: Dict[str, Any]) -> List[Dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), MAX_LONG_POLL)
        with self._arrived:
            while True:
                # An offset confirms every update before it: Telegram forgets them.
                self._pending[token] = [update for update in self._pending[token] if update["update_id"] >= offset]
                if self._pending[token] or time.monotonic() >= deadline:
                    return list(self._pending[token])
                self._arrived.wait(timeout=max(0.0, deadline - time.monotonic()))

    # -- what tests do -----------------------------------------------------------------------

    def push_message(self, token: str, message: Dict[str, Any]) -> int:
        """A message the bot will receive through getUpdates; returns its update id."""
        update_id = next(self._update_ids)
        with self._arrived:
            self._pending[token].append({"update_id": update_id, "message": message})
            self._arrived.notify_all()
        return update_id

    def pending(self, token: str) -> List[int]:
        with self._arrived:
            return [update["update_id"] for update in self._pending[token]]

    def sent(self, token: str, chat_id: Any, method: str = "sendMessage") -> List[Dict[str, Any]]:
        return self.server.matching(
            lambda call: call["token"] == token and call["method"] == method and str(call.get("chat_id")) == str(chat_id))

    def wait_for_sent(self, token: str, chat_id: Any, count: int, timeout: float = 30,
                      method: str = "sendMessage") -> List[Dict[str, Any]]:
        return self.server.wait_for(
            lambda call: call["token"] == token and call["method"] == method and str(call.get("chat_id")) == str(chat_id),
            count, timeout)

    def new_message_id(self) -> int:
        return next(self._message_ids)

    def stop(self) -> None:
        with self._arrived:
            self._arrived.notify_all()
        self.server.stop()
