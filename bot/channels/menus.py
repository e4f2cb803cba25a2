"""Buttons on channels without buttons (SMS, WhatsApp): a numbered list, answered with a digit."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence

_DIGIT_ANSWER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def render_numbered_menu(text: str, buttons: Sequence[Dict[str, Any]], hint: str) -> str:
    """The text, then "1. title" per button, then how to answer: all in one message."""
    lines = [text.strip()] if text and text.strip() else []
    lines += [f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, start=1)]
    lines.append(hint)
    return "\n".join(lines)


def button_payloads(buttons: Sequence[Dict[str, Any]]) -> List[str]:
    """What a digit stands for: the button's payload (its title when it has none)."""
    return [str(button.get("payload") or button.get("title") or "") for button in buttons]


def chosen_payload(answer: str, payloads: Optional[Sequence[str]]) -> Optional[str]:
    """The payload a digit answer selects in the last menu, or None if it is not such an answer."""
    match = _DIGIT_ANSWER.match(answer or "")
    if not match or not payloads:
        return None
    index = int(match.group(1)) - 1
    return payloads[index] if 0 <= index < len(payloads) else None
