"""Cut a long reply into messages a carrier accepts, between sentences when possible."""
from __future__ import annotations

import re
from typing import List

TWILIO_MAX_BODY = 1600  # Twilio refuses a longer SMS or WhatsApp body
TELEGRAM_MAX_TEXT = 4096

# The end of a sentence (with closing quotes or brackets) or of a line, and the space after it.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”)\]]*\s+|\n\s*")


def split_message(text: str, limit: int) -> List[str]:
    """Pieces of at most `limit` characters; cut after a sentence, else at a space, else anywhere."""
    pieces: List[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _last_sentence_end(rest, limit) or _last_space(rest, limit) or limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _last_sentence_end(text: str, limit: int) -> int:
    best = 0
    for match in _SENTENCE_END.finditer(text):
        if len(text[: match.end()].rstrip()) > limit:
            break
        best = match.end()
    return best


def _last_space(text: str, limit: int) -> int:
    return max(text.rfind(" ", 0, limit + 1), 0)
