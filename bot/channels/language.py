"""The language to write our own messages in: the conversation's, as Rasa last set it."""
from __future__ import annotations

import logging
from typing import Any, Optional

from bot.locales import DEFAULT_LANGUAGE, LANGUAGES

logger = logging.getLogger(__name__)


async def conversation_language(agent: Any, sender_id: str, hint: Optional[str] = None) -> str:
    """The tracker's `language` slot; else the channel's hint (Telegram's language_code); else Spanish."""
    try:
        tracker = await agent.tracker_store.retrieve(sender_id) if agent and agent.tracker_store else None
    except Exception:  # a tracker store hiccup must not cost the person their reply
        logger.exception("could not read the conversation's language")
        tracker = None
    language = tracker.get_slot("language") if tracker else None
    if language in LANGUAGES:
        return language
    hint = (hint or "")[:2].lower()
    return hint if hint in LANGUAGES else DEFAULT_LANGUAGE
