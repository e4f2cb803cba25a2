"""Who acted in the staff group. Tickets and logs keep the Telegram user id; the name is only shown."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.staff.state import ConsoleState

PREFIX = "telegram:"


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    name: str

    @property
    def assignee(self) -> str:
        """How tickets name this staff member (Ticket.assignee, TicketEvent.author)."""
        return f"{PREFIX}{self.user_id}"


def display_name(state: ConsoleState, assignee: Optional[str]) -> str:
    if assignee and assignee.startswith(PREFIX) and assignee[len(PREFIX):].isdigit():
        return state.staff_name(int(assignee[len(PREFIX):])) or assignee
    return assignee or "?"
