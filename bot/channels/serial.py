"""Background work, one job at a time per conversation, conversations in parallel.

Webhooks answer at once; the message is handled afterwards. Running a person's
messages one after another keeps their replies in the order they wrote.
"""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Awaitable, Callable, Deque, Dict, Set

logger = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


class SerialWorkers:
    def __init__(self) -> None:
        self._queues: Dict[str, Deque[Job]] = {}
        self._tasks: Set[asyncio.Task] = set()  # a reference, or asyncio may drop a running task

    def submit(self, key: str, job: Job) -> None:
        """Queue a job behind the key's earlier jobs; must be called from the event loop."""
        if key in self._queues:
            self._queues[key].append(job)
            return
        self._queues[key] = deque([job])
        task = asyncio.get_running_loop().create_task(self._drain(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                job = queue.popleft()
                try:
                    await job()
                except Exception:  # one failed message must not stop the next ones
                    logger.exception("a background channel job failed")
        finally:
            del self._queues[key]

    async def wait_until_idle(self, timeout: float) -> None:
        """Let queued messages finish (at shutdown), for at most `timeout` seconds."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)
