"""What the channels remember between webhooks: seen message ids, opt-outs, the last menu.

In memory (and a small SQLite file for opt-outs, which must survive a restart) on one
server; in Redis when PASSERELLE_REDIS_URL is set, so several servers share it.
Keys are pseudonyms (bot.channels.privacy), never phone numbers.
"""
from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections import OrderedDict
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional, Set

from bot.channels.privacy import pseudonym
from bot.channels.settings import StateSettings

SEEN_FOR_SECONDS = 24 * 3600  # Twilio and Telegram stop retrying long before
MENU_FOR_SECONDS = 24 * 3600  # a digit a day later no longer answers the menu
MEMORY_LIMIT = 100_000  # entries kept in memory per store


class _ExpiringMemory:
    """A bounded dict whose entries expire: enough for one server."""

    def __init__(self, seconds: float, limit: int = MEMORY_LIMIT):
        self.seconds, self.limit = seconds, limit
        self._entries: "OrderedDict[str, tuple[float, Any]]" = OrderedDict()

    def get(self, key: str) -> Any:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            self._entries.pop(key, None)
            return None
        return entry[1]

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = (time.monotonic() + self.seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.limit:
            self._entries.popitem(last=False)

    def pop(self, key: str) -> Any:
        value = self.get(key)
        self._entries.pop(key, None)
        return value


# --- seen webhooks (Twilio MessageSid, Telegram update_id) -------------------------------

class MemorySeen:
    def __init__(self) -> None:
        self._seen = _ExpiringMemory(SEEN_FOR_SECONDS)

    async def first_time(self, key: str) -> bool:
        """True the first time a key is offered, False on every retry."""
        if self._seen.get(key):
            return False
        self._seen.put(key, True)
        return True


class RedisSeen:
    def __init__(self, redis: Any, prefix: str):
        self.redis, self.prefix = redis, prefix

    async def first_time(self, key: str) -> bool:
        # SET NX is atomic: two servers receiving the same retry cannot both win.
        return bool(await self.redis.set(f"{self.prefix}:seen:{key}", 1, nx=True, ex=SEEN_FOR_SECONDS))


# --- opt-outs (STOP ... START) -------------------------------------------------------------

class SqliteOptOuts:
    """Kept in a small SQLite file so a restart remembers them, and read from memory:
    every reply checks it, and this server is the only one writing it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._people: Optional[Set[str]] = None

    def _run(self, statement: str, values: tuple = ()) -> list:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS opt_outs (person TEXT PRIMARY KEY, since REAL NOT NULL)")
            return db.execute(statement, values).fetchall()

    async def _opted_out(self) -> Set[str]:
        if self._people is None:
            # SQLite calls run in a thread so a slow disk never blocks the event loop.
            rows = await asyncio.to_thread(self._run, "SELECT person FROM opt_outs")
            self._people = {person for (person,) in rows}
        return self._people

    async def is_opted_out(self, address: str) -> bool:
        return pseudonym(address) in await self._opted_out()

    async def set(self, address: str, opted_out: bool) -> None:
        person, people = pseudonym(address), await self._opted_out()
        if opted_out:
            people.add(person)
            await asyncio.to_thread(self._run, "INSERT OR REPLACE INTO opt_outs VALUES (?, ?)", (person, time.time()))
        else:
            people.discard(person)
            await asyncio.to_thread(self._run, "DELETE FROM opt_outs WHERE person = ?", (person,))


class RedisOptOuts:
    def __init__(self, redis: Any, prefix: str):
        self.redis, self.key = redis, f"{prefix}:opt-outs"

    async def is_opted_out(self, address: str) -> bool:
        return bool(await self.redis.hexists(self.key, pseudonym(address)))

    async def set(self, address: str, opted_out: bool) -> None:
        if opted_out:
            await self.redis.hset(self.key, pseudonym(address), int(time.time()))
        else:
            await self.redis.hdel(self.key, pseudonym(address))


# --- the last menu sent to each person (numbered buttons) ----------------------------------

class MemoryMenus:
    def __init__(self) -> None:
        self._menus = _ExpiringMemory(MENU_FOR_SECONDS)

    async def remember(self, address: str, payloads: List[str]) -> None:
        self._menus.put(pseudonym(address), list(payloads))

    async def take(self, address: str) -> Optional[List[str]]:
        """The last menu, forgotten once read: only the next message can answer it."""
        return self._menus.pop(pseudonym(address))


class RedisMenus:
    def __init__(self, redis: Any, prefix: str):
        self.redis, self.prefix = redis, prefix

    async def remember(self, address: str, payloads: List[str]) -> None:
        await self.redis.set(f"{self.prefix}:menu:{pseudonym(address)}", json.dumps(payloads), ex=MENU_FOR_SECONDS)

    async def take(self, address: str) -> Optional[List[str]]:
        stored = await self.redis.getdel(f"{self.prefix}:menu:{pseudonym(address)}")
        return json.loads(stored) if stored else None


@dataclass
class ChannelState:
    seen: Any
    opt_outs: Any
    menus: Any

    @classmethod
    def from_settings(cls, settings: StateSettings, prefix: str = "passerelle") -> "ChannelState":
        if settings.redis_url:
            import redis.asyncio

            client = redis.asyncio.from_url(settings.redis_url)
            return cls(RedisSeen(client, prefix), RedisOptOuts(client, prefix), RedisMenus(client, prefix))
        return cls(MemorySeen(), SqliteOptOuts(settings.opt_outs_db), MemoryMenus())
