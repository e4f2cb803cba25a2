"""A terminal conversation with the running assistant, through its REST channel."""
from __future__ import annotations

import uuid
from typing import Optional

import httpx


def render(message: dict) -> str:
    """A bot message as a phone would show it: text, then numbered buttons."""
    lines = [message.get("text", "")]
    for number, button in enumerate(message.get("buttons") or [], start=1):
        lines.append(f"  {number}. {button['title']}")
    return "\n".join(line for line in lines if line)


def chat(url: str, sender: Optional[str] = None) -> int:
    sender = sender or f"terminal-{uuid.uuid4().hex[:8]}"
    webhook = f"{url.rstrip('/')}/webhooks/rest/webhook"
    print(f"Talking to {url} as {sender}. Write in French, Spanish or English; Ctrl-D to quit.")
    with httpx.Client(timeout=30) as client:
        while True:
            try:
                text = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return 0
            if not text:
                continue
            try:
                replies = client.post(webhook, json={"sender": sender, "message": text}).json()
            except httpx.HTTPError as error:
                print(f"The assistant is not reachable at {url} ({error}). Is `make run` running?")
                return 1
            for reply in replies:
                print(f"bot> {render(reply)}")
