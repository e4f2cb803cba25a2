"""What the console reads in a conversation as Rasa's HTTP API returns it (tracker JSON)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

PERSON, ASSISTANT = "person", "assistant"
STAFF_UPDATE = "staff_update_id"  # metadata of a staff reply: the Telegram update it came from


def _events(tracker: Dict[str, Any]) -> List[Dict[str, Any]]:
    return tracker.get("events") or []


def recent_messages(tracker: Dict[str, Any], limit: int) -> List[Tuple[str, str]]:
    """The last `limit` messages, oldest first, as (PERSON or ASSISTANT, text)."""
    messages = [
        (PERSON if event["event"] == "user" else ASSISTANT, event["text"])
        for event in _events(tracker)
        if event.get("event") in ("user", "bot") and event.get("text")
    ]
    return messages[-limit:]


def last_person_message_at(tracker: Dict[str, Any]) -> Optional[datetime]:
    """When the person last wrote (naive UTC), or None."""
    times = [event.get("timestamp") for event in _events(tracker) if event.get("event") == "user"]
    times = [moment for moment in times if moment]
    return datetime.fromtimestamp(max(times), timezone.utc).replace(tzinfo=None) if times else None


def language(tracker: Dict[str, Any]) -> Optional[str]:
    return (tracker.get("slots") or {}).get("language")


def is_paused(tracker: Dict[str, Any]) -> bool:
    return bool(tracker.get("paused"))


def has_staff_reply(tracker: Dict[str, Any], update_id: int) -> bool:
    """Whether the reply of this Telegram update is already in the conversation."""
    return any(
        event.get("event") == "bot" and (event.get("metadata") or {}).get(STAFF_UPDATE) == update_id
        for event in _events(tracker)
    )
