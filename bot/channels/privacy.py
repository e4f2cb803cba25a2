"""What our logs may say about a person: a short pseudonym, never a number or a text."""
from __future__ import annotations

import hashlib


def pseudonym(address: str) -> str:
    """A stable 12-character id for a phone number or chat id, to follow one person in the logs.

    Also the key of stored opt-outs, so no phone number is stored by the channels.
    """
    return hashlib.sha256(f"passerelle:{address}".encode("utf-8")).hexdigest()[:12]
