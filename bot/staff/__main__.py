"""`python -m bot.staff`: run the staff console until SIGINT or SIGTERM.

`python -m bot.staff --check` only says whether it is configured (exit 0) or how to configure it (exit 2).
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from bot.staff.settings import HOW_TO_CONFIGURE, StaffSettings


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Request URLs hold bot tokens and the Rasa API token: keep the HTTP clients' own logs quiet.
    for noisy in ("httpx", "httpcore", "telegram"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings = StaffSettings.from_env()
    if settings.missing:
        print(HOW_TO_CONFIGURE, file=sys.stderr)
        print(f"  Missing: {'; '.join(settings.missing)}", file=sys.stderr)
        return 2
    if "--check" in sys.argv[1:]:
        print(f"Staff console: on, in Telegram chat {settings.chat_id}; staff read {settings.staff_language}.")
        return 0
    from bot.staff.app import run_console

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_console(settings, stop)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
