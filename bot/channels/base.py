"""What our phone channels share: one queue per person, the Rasa app, the person's language."""
from __future__ import annotations

from typing import Any, Optional

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint

from bot.channels.language import conversation_language
from bot.channels.serial import SerialWorkers
from bot.channels.settings import StateSettings
from bot.channels.state import ChannelState


class QueuedChannel(InputChannel):
    """A webhook channel that answers at once and handles each person's messages in order."""

    def __init__(self, sender: Any, state_settings: StateSettings):
        self.sender = sender
        self.state = ChannelState.from_settings(state_settings)
        self.workers = SerialWorkers()
        self.app: Any = None  # the Rasa server's sanic app, for its agent

    async def language_of(self, sender_id: str, hint: Optional[str] = None) -> str:
        """The conversation's language, to write our own messages in (media, opt-out…)."""
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        return await conversation_language(agent, sender_id, hint)

    def follow_server(self, webhook: Blueprint) -> Blueprint:
        """Keep the Rasa app at start; let queued replies go out before stopping."""

        @webhook.listener("before_server_start")
        async def keep_app(app: Any, _: Any) -> None:
            self.app = app

        @webhook.listener("before_server_stop")
        async def finish(_: Any, __: Any) -> None:
            await self.workers.wait_until_idle(timeout=10)
            await self.sender.close()

        return webhook
