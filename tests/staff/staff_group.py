"""The two sides of a handoff as tests see them: staff in their Telegram group, a person on Telegram."""
from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from tests.channels.server import new_chat_id, telegram_text
from tests.staff.fake_bot_api import FakeBotApi
from tests.staff.stack import NEWCOMER_TOKEN, STAFF_CHAT, STAFF_TOKEN, Stack

ANA = {"id": 501, "is_bot": False, "first_name": "Ana", "last_name": "Tremblay"}
LUC = {"id": 502, "is_bot": False, "first_name": "Luc"}


class StaffGroupView:
    def __init__(self, bot_api: FakeBotApi, chat_id: int = STAFF_CHAT):
        self.bot_api, self.chat_id = bot_api, chat_id

    def posts(self) -> List[Dict[str, Any]]:
        """What the console posted in the group, oldest first."""
        return self.bot_api.sent(STAFF_TOKEN, self.chat_id)

    def wait_for_post(self, matches: Callable[[Dict[str, Any]], bool], timeout: float = 30) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [post for post in self.posts() if matches(post)]
            if found:
                return found[0]
            time.sleep(0.1)
        texts = "\n---\n".join(post["text"] for post in self.posts()[-5:])
        raise AssertionError(f"no matching post in the staff group within {timeout} s; last posts:\n{texts}")

    def posts_containing(self, text: str) -> List[Dict[str, Any]]:
        return [post for post in self.posts() if text in post["text"]]

    def wait_for_text(self, text: str, timeout: float = 30) -> Dict[str, Any]:
        return self.wait_for_post(lambda post: text in post["text"], timeout)

    def card(self, ticket_id: int, timeout: float = 30) -> Dict[str, Any]:
        return self.wait_for_text(f"Ticket #{ticket_id} ·", timeout)

    def say(self, text: str, reply_to: Optional[int] = None, user: Dict[str, Any] = ANA,
            chat_id: Optional[int] = None) -> Tuple[int, int]:
        """A message a staff member writes (replying to `reply_to`); returns (update id, message id)."""
        chat = chat_id if chat_id is not None else self.chat_id
        message_id = self.bot_api.new_message_id()
        message: Dict[str, Any] = {
            "message_id": message_id, "date": int(time.time()), "from": user, "text": text,
            "chat": {"id": chat, "type": "supergroup" if chat < 0 else "private"},
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to is not None:
            message["reply_to_message"] = {"message_id": reply_to, "date": int(time.time()),
                                           "chat": message["chat"], "text": "…"}
        return self.bot_api.push_message(STAFF_TOKEN, message), message_id

    def reactions_to(self, message_id: int) -> List[Dict[str, Any]]:
        return [call for call in self.bot_api.sent(STAFF_TOKEN, self.chat_id, "setMessageReaction")
                if int(call["message_id"]) == message_id]

    def wait_until_handled(self, update_id: int, timeout: float = 30) -> None:
        """Until the console confirmed the update to Telegram (getUpdates with a higher offset)."""
        deadline = time.monotonic() + timeout
        while update_id in self.bot_api.pending(STAFF_TOKEN):
            assert time.monotonic() < deadline, f"update {update_id} not handled within {timeout} s"
            time.sleep(0.1)


class Person:
    """Someone writing to the assistant on Telegram, in Spanish."""

    def __init__(self, bot_api: FakeBotApi, stack: Stack):
        self.bot_api, self.stack = bot_api, stack
        self.chat_id = new_chat_id()
        self.sender = str(self.chat_id)

    def says(self, text: str) -> None:
        self.stack.telegram(telegram_text(self.chat_id, text, "es"))

    def received(self, count: int, timeout: float = 30) -> List[str]:
        """The first `count` messages sent to the person, waiting for them."""
        return [call["text"] for call in self.bot_api.wait_for_sent(NEWCOMER_TOKEN, self.chat_id, count, timeout)]

    def all_received(self) -> List[str]:
        return [call["text"] for call in self.bot_api.sent(NEWCOMER_TOKEN, self.chat_id)]


def eventually(check: Callable[[], Any], timeout: float = 30) -> Any:
    """The first truthy value of `check()`, waiting for it (other processes act in their own time)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"still false after {timeout} s"
        time.sleep(0.1)
