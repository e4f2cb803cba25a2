"""What the channels remember: in memory and SQLite on one server, in Redis when configured."""
import asyncio
import os
import uuid

import pytest

from bot.channels.privacy import pseudonym
from bot.channels.state import (
    MemoryMenus, MemorySeen, RedisMenus, RedisOptOuts, RedisSeen, SqliteOptOuts, _ExpiringMemory,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture
def redis_prefix():
    """A Redis only for this test's keys, deleted afterwards; CI requires Redis, a laptop may skip."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("PASSERELLE_REQUIRE_SERVICES"):
            pytest.fail(f"Redis is required (PASSERELLE_REQUIRE_SERVICES) but not reachable at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"passerelle-test-{uuid.uuid4().hex[:8]}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def with_redis(prefix, make):
    """Builds a store on a fresh client inside the running loop and closes it afterwards."""
    import redis.asyncio

    async def use(test):
        client = redis.asyncio.from_url(REDIS_URL)
        try:
            return await test(make(client, prefix))
        finally:
            await client.close()
    return use


async def seen_twice(seen):
    return [await seen.first_time("twilio:SM1"), await seen.first_time("twilio:SM1"), await seen.first_time("twilio:SM2")]


async def opt_out_and_back(opt_outs):
    person = "whatsapp:+14185550001"
    steps = [await opt_outs.is_opted_out(person)]
    await opt_outs.set(person, True)
    steps += [await opt_outs.is_opted_out(person), await opt_outs.is_opted_out("+14185550001")]
    await opt_outs.set(person, False)
    steps.append(await opt_outs.is_opted_out(person))
    return steps


async def menu_read_once(menus):
    await menus.remember("+14185550002", ["/ask_hearing", "/ask_work_permit"])
    return [await menus.take("+14185550002"), await menus.take("+14185550002"), await menus.take("+14185550003")]


def test_a_message_id_is_new_only_once_in_memory():
    assert run(seen_twice(MemorySeen())) == [True, False, True]


def test_a_message_id_is_new_only_once_in_redis(redis_prefix):
    assert run(with_redis(redis_prefix, RedisSeen)(seen_twice)) == [True, False, True]


def test_opt_outs_survive_a_restart_in_sqlite_and_hold_no_phone_number(tmp_path):
    path = tmp_path / "var" / "opt-outs.db"
    assert run(opt_out_and_back(SqliteOptOuts(path))) == [False, True, False, False]
    run(SqliteOptOuts(path).set("+14185550009", True))
    assert run(SqliteOptOuts(path).is_opted_out("+14185550009"))  # a new instance, as after a restart
    assert b"4185550009" not in path.read_bytes()
    assert pseudonym("+14185550009").encode() in path.read_bytes()


def test_opt_outs_in_redis(redis_prefix):
    assert run(with_redis(redis_prefix, RedisOptOuts)(opt_out_and_back)) == [False, True, False, False]


def test_the_last_menu_answers_only_the_next_message_in_memory():
    assert run(menu_read_once(MemoryMenus())) == [["/ask_hearing", "/ask_work_permit"], None, None]


def test_the_last_menu_answers_only_the_next_message_in_redis(redis_prefix):
    assert run(with_redis(redis_prefix, RedisMenus)(menu_read_once)) == [["/ask_hearing", "/ask_work_permit"], None, None]


def test_memory_forgets_the_oldest_entries_and_expired_ones():
    memory = _ExpiringMemory(seconds=60, limit=2)
    for key in "abc":
        memory.put(key, key)
    assert [memory.get(key) for key in "abc"] == [None, "b", "c"]
    expired = _ExpiringMemory(seconds=-1)
    expired.put("a", 1)
    assert expired.get("a") is None
