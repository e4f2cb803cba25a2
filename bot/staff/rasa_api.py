"""Rasa's HTTP API, as the console uses it: read a conversation, add staff replies, resume.

Replies are `bot` events posted with output_channel=latest and execute_side_effects=true:
Rasa records them in the conversation and sends them on the channel the person last used.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional
from urllib.parse import quote

import httpx


SAFE_IN_PATH = ":+@/!$&'()*,;="


class RasaUnavailable(RuntimeError):
    """The Rasa server did not answer (stopped, restarting): try again later."""


class RasaRefused(RuntimeError):
    """Rasa answered 4xx: a wrong API token (401) or a request it cannot take."""


class RasaAPI:
    def __init__(self, url: str, token: str, timeout: float = 30):
        self.url, self.token = url, token
        self.http = httpx.AsyncClient(timeout=timeout)

    def _events_url(self, sender_id: str) -> str:
        # Rasa's routes do not unquote: "whatsapp:+1418…" must arrive as is. Only what
        # would break the URL is escaped (such ids cannot be reached through the API anyway).
        return f"{self.url}/conversations/{quote(sender_id, safe=SAFE_IN_PATH)}/tracker"

    async def conversation(self, sender_id: str) -> Dict[str, Any]:
        """The conversation's current state, events included (Rasa's tracker as JSON)."""
        return await self._call("GET", self._events_url(sender_id), {"token": self.token})

    async def add_events(self, sender_id: str, events: List[Dict[str, Any]]) -> None:
        """Appends events; `bot` events among them are sent to the person."""
        params = {"token": self.token, "output_channel": "latest", "execute_side_effects": "true"}
        await self._call("POST", self._events_url(sender_id) + "/events", params, events)

    async def say(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> None:
        await self.add_events(sender_id, [bot_event(text, metadata)])

    async def _call(self, method: str, url: str, params: Dict[str, str], body: Any = None) -> Dict[str, Any]:
        try:
            response = await self.http.request(method, url, params=params, json=body)
        except httpx.TransportError as error:
            raise RasaUnavailable(f"Rasa unreachable: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise RasaUnavailable(f"Rasa answered {response.status_code}")
        if response.status_code >= 400:
            # Not httpx's own error: its message holds the URL, and the URL holds the API token.
            raise RasaRefused(f"Rasa refused the request ({response.status_code})")
        return response.json()

    async def close(self) -> None:
        await self.http.aclose()


def bot_event(text: str, metadata: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    event: Dict[str, Any] = {"event": "bot", "text": text}
    if metadata:
        event["metadata"] = metadata
    return event


RESUME = {"event": "resume"}
# A paused conversation records the person's messages without the `action_listen` that
# normally precedes each one; without it the rules would not match the next message.
LISTEN = {"event": "action", "name": "action_listen"}
