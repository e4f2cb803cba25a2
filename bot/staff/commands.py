"""Staff messages in the group: a command (/claim, /note, /close, /queue, /help) or a reply."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple

COMMANDS = ("claim", "note", "close", "queue", "help", "start")
REPLY, UNKNOWN = "reply", "unknown"
# "/claim", "/claim@passerelle_staff_bot 12", "/note 12 called back", "/note called back"
_COMMAND = re.compile(r"^/(?P<name>\w+)(?:@\w+)?(?:\s+(?P<rest>.*))?$", re.DOTALL)
_TICKET_NUMBER = re.compile(r"^#?(?P<number>\d+)(?:\s+(?P<rest>.*))?$", re.DOTALL)


@dataclass(frozen=True)
class StaffCommand:
    name: str  # one of COMMANDS, REPLY (plain text for the person) or UNKNOWN (a mistyped command)
    rest: str  # what follows the command

    def numbered(self) -> Tuple[Optional[int], str]:
        """(ticket number, text) for "/note 12 called back"; used when the command is not a reply."""
        number = _TICKET_NUMBER.match(self.rest)
        if number:
            return int(number.group("number")), (number.group("rest") or "").strip()
        return None, self.rest


def parse(text: str) -> StaffCommand:
    text = text.strip()
    match = _COMMAND.match(text)
    if not match:
        # A reply is sent to the person as written; only a slash command is read by the console.
        return StaffCommand(REPLY, text)
    name = match.group("name").lower()
    # A mistyped command ("/clsoe") must never reach the person.
    return StaffCommand(name if name in COMMANDS else UNKNOWN, (match.group("rest") or "").strip())
