"""The console process: the staff bot's updates, and a tick that forwards and reminds."""
from __future__ import annotations

import asyncio
import logging

from telegram import Bot, Update
from telegram.error import ChatMigrated, TelegramError
from telegram.request import HTTPXRequest

from bot.channels.settings import TwilioSettings
from bot.staff.broker import BrokerReader
from bot.staff.desk import TicketDesk
from bot.staff.group import StaffGroup
from bot.staff.inbox import Inbox
from bot.staff.polling import UpdatePoller
from bot.staff.rasa_api import RasaAPI, RasaUnavailable
from bot.staff.reminders import Reminders
from bot.staff.settings import StaffSettings
from bot.staff.state import ConsoleState
from bot.staff.texts import StaffTexts
from bot.staff.updates import UpdateHandler
from bot.staff.whatsapp import TemplateSender
from bot.store import default_store

logger = logging.getLogger(__name__)


def make_bot(settings: StaffSettings) -> Bot:
    return Bot(
        settings.bot_token, base_url=settings.api_base_url,
        # Sending (cards, messages) and long polling at once: separate connection pools.
        request=HTTPXRequest(connection_pool_size=8, pool_timeout=10),
        get_updates_request=HTTPXRequest(read_timeout=10),
    )


async def run_console(settings: StaffSettings, stop: asyncio.Event) -> None:
    default_store()  # the ticket store, migrated: fails now rather than on the first ticket
    state = ConsoleState(settings.state_url)
    broker = BrokerReader(settings.events_url)
    rasa = RasaAPI(settings.rasa_url, settings.rasa_token)
    templates = TemplateSender(TwilioSettings.from_env(), settings.whatsapp_template_sid)
    bot = make_bot(settings)
    try:
        if not await _connect(bot, stop):
            return
        texts = StaffTexts(settings.staff_language)
        group = StaffGroup(bot, settings.chat_id, state)
        desk = TicketDesk(state, group, rasa, texts, templates)
        updates = UpdateHandler(desk, settings.chat_id)

        async def tell_staff(update: Update, key: str) -> None:
            if update.message is not None and update.message.chat.id == settings.chat_id:
                await group.post(texts.say(key), reply_to=update.message.message_id)

        poller = UpdatePoller(bot, state, updates.handle, tell_staff, stop)
        logger.info("staff console started (staff chat %s, reminders after %s min)",
                    settings.chat_id, settings.reminder_minutes)
        await asyncio.gather(
            poller.run(),
            _tick(Inbox(desk, broker, state), Reminders(desk, settings), settings, stop),
        )
    finally:
        await bot.shutdown()
        await rasa.close()
        await templates.close()
        broker.dispose()
        state.dispose()
        logger.info("staff console stopped")


async def _connect(bot: Bot, stop: asyncio.Event) -> bool:
    """Waits for Telegram (getMe) so a network hiccup at start-up does not end the console."""
    while not stop.is_set():
        try:
            await bot.initialize()
            return True
        except TelegramError as error:
            logger.warning("Telegram unreachable at start (%s); retrying", type(error).__name__)
            await _sleep(5, stop)
    return False


async def _tick(inbox: Inbox, reminders: Reminders, settings: StaffSettings, stop: asyncio.Event) -> None:
    # Reminders need not be checked as often as messages are forwarded.
    remind_every = max(settings.poll_seconds, min(30.0, settings.reminder_minutes * 60 / 3))
    since_reminders = remind_every
    rasa_was_down = False
    while not stop.is_set():
        try:
            await inbox.check()
            if since_reminders >= remind_every:
                since_reminders = 0.0
                await reminders.check()
            rasa_was_down = False
        except RasaUnavailable:
            if not rasa_was_down:  # once per outage: Rasa takes half a minute to start
                logger.warning("Rasa unavailable; forwarding resumes when it answers")
            rasa_was_down = True
        except ChatMigrated as error:
            logger.error("the staff group became a supergroup: set TELEGRAM_STAFF_CHAT_ID=%s", error.new_chat_id)
        except Exception as error:  # whatever failed is tried again at the next tick
            logger.error("tick failed: %s", type(error).__name__, exc_info=True)
        await _sleep(settings.poll_seconds, stop)
        since_reminders += settings.poll_seconds


async def _sleep(seconds: float, stop: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        pass
