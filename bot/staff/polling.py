"""Reading the staff bot's updates (getUpdates long polling) without losing or repeating one.

python-telegram-bot's Application confirms updates to Telegram before they are handled,
so a crash could lose a staff reply. Here the offset (next update to read) is saved
only after an update was handled, and the update being handled is saved before: after a
crash it is handled again, told it is a retry, and a reply already delivered is not re-sent.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Optional, Sequence

from telegram import Bot, Update
from telegram.error import NetworkError, RetryAfter, TelegramError

from bot.staff.rasa_api import RasaUnavailable
from bot.staff.state import NEXT_UPDATE, UPDATE_IN_PROGRESS, ConsoleState

logger = logging.getLogger(__name__)

LONG_POLL_SECONDS = 20
RETRY_SECONDS = 2.0

Handler = Callable[[Update, bool], Awaitable[None]]


class UpdatePoller:
    def __init__(self, bot: Bot, state: ConsoleState, handle: Handler,
                 tell_staff: Callable[[Update, str], Awaitable[None]], stop: asyncio.Event):
        """`tell_staff(update, key)` answers the staff message with a sentence of locales/."""
        self.bot, self.state, self.handle, self.stop = bot, state, handle, stop
        self.tell_staff = tell_staff

    async def run(self) -> None:
        interrupted = self.state.cursor(UPDATE_IN_PROGRESS)
        while not self.stop.is_set():
            updates = await self._next_updates(self.state.cursor(NEXT_UPDATE))
            for update in updates or ():
                self.state.set_cursor(UPDATE_IN_PROGRESS, update.update_id)
                if not await self._handle_until_done(update, retrying=update.update_id == interrupted):
                    return  # stopping: the update stays unconfirmed and is handled after the restart
                self.state.set_cursor(NEXT_UPDATE, update.update_id + 1)
                self.state.set_cursor(UPDATE_IN_PROGRESS, None)
                interrupted = None

    async def _next_updates(self, offset: Optional[int]) -> Optional[Sequence[Update]]:
        fetch = asyncio.ensure_future(self.bot.get_updates(
            offset=offset, timeout=LONG_POLL_SECONDS, allowed_updates=["message"]))
        stopping = asyncio.ensure_future(self.stop.wait())
        done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if fetch not in done:
            fetch.cancel()  # nothing is confirmed until the next getUpdates with a higher offset
            return None
        try:
            return fetch.result()
        except RetryAfter as error:
            await self._pause(_seconds(error.retry_after))
        except TelegramError as error:
            logger.warning("getUpdates failed (%s); retrying", type(error).__name__)
            await self._pause(RETRY_SECONDS)
        return None

    async def _handle_until_done(self, update: Update, retrying: bool) -> bool:
        """False only when the console is stopping before the update could be handled."""
        told_staff = False
        while not self.stop.is_set():
            try:
                await self.handle(update, retrying)
                return True
            except RasaUnavailable:
                if not told_staff:
                    told_staff = True
                    logger.warning("update %s: Rasa unavailable; retrying until it answers", update.update_id)
                    await self._quietly(self.tell_staff(update, "staff_rasa_unreachable"))
            except RetryAfter as error:  # Telegram's flood control: wait as long as it asks
                logger.warning("update %s: Telegram asks to slow down; retrying", update.update_id)
                await self._pause(_seconds(error.retry_after))
            except NetworkError as error:
                logger.warning("update %s: Telegram unreachable (%s); retrying", update.update_id, type(error).__name__)
            except Exception as error:  # a bug must not block every later staff message
                # Exception messages here carry ids, not what staff wrote.
                logger.error("update %s dropped after an error: %s", update.update_id, type(error).__name__, exc_info=True)
                await self._quietly(self.tell_staff(update, "staff_failed"))
                return True
            # A failed attempt may have reached Rasa (e.g. a timeout after it saved the reply).
            retrying = True
            await self._pause(RETRY_SECONDS)
        return False

    async def _quietly(self, action: Awaitable[None]) -> None:
        try:
            await action
        except Exception:
            logger.debug("could not tell staff what happened to their message")

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self.stop.wait(), timeout=seconds)
        except asyncio.TimeoutError:
            pass


def _seconds(delay) -> float:
    """RetryAfter.retry_after is seconds or a timedelta, depending on python-telegram-bot's settings."""
    return delay.total_seconds() if hasattr(delay, "total_seconds") else float(delay)
