"""Shared fixtures: the trained model with a real action server, and a person talking to it."""
import asyncio
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.processes import Process

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "passerelle.tar.gz"
ACTIONS_PORT = 5255


class Conversation:
    """One person talking to the assistant: a message in, replies out."""

    def __init__(self, agent, loop, sender):
        self.agent, self.loop, self.sender = agent, loop, sender

    def say(self, text, metadata=None):
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        channel = CollectingOutputChannel()
        message = UserMessage(text, channel, self.sender, metadata=metadata)
        self.loop.run_until_complete(self.agent.handle_message(message))
        return [reply.get("text", "") for reply in channel.messages]

    def tracker(self):
        return self.loop.run_until_complete(self.agent.tracker_store.retrieve(self.sender))

    def slot(self, name):
        return self.tracker().get_slot(name)


@pytest.fixture(scope="session")
def event_loop_for_agent():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Our store, the tracker store and its event broker, as SQLite files, with an encryption key."""
    folder = tmp_path_factory.mktemp("databases")
    key = Fernet.generate_key().decode()
    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'store.db'}",
        "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "PASSERELLE_EVENTS_DATABASE_URL": f"sqlite:///{folder / 'events.db'}",
        "PASSERELLE_FERNET_KEY": key,
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():  # this process reads the store too
            patch.setenv(name, value)
        yield {"store": folder / "store.db", "tracker": folder / "tracker.db", "events": folder / "events.db", "env": env}


@pytest.fixture(scope="session")
def action_server(databases):
    server = Process([".venv/bin/rasa", "run", "actions", "--actions", "actions", "--port", str(ACTIONS_PORT)], env=databases["env"])
    try:
        server.wait_for("Action endpoint is up and running", timeout=120)
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="session")
def agent(action_server, databases):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make model` (make test does it)")
    from rasa.core.agent import Agent
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig

    from bot.event_broker import BatchedSQLEventBroker
    from bot.tracker_store import ErasableSQLTrackerStore

    event_broker = BatchedSQLEventBroker(dialect="sqlite", db=str(databases["events"]))  # as endpoints.yml has it
    tracker_store = ErasableSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(databases["tracker"]),
                                            event_broker=event_broker)
    return Agent.load(
        str(MODEL), action_endpoint=EndpointConfig(url=f"http://localhost:{ACTIONS_PORT}/webhook"), tracker_store=tracker_store,
    )


@pytest.fixture(scope="session")
def store(databases):
    from bot.store.database import Store

    return Store(databases["env"]["DATABASE_URL"], databases["env"]["TRACKER_DATABASE_URL"],
                 events_url=databases["env"]["PASSERELLE_EVENTS_DATABASE_URL"])


@pytest.fixture
def person(agent, event_loop_for_agent, request):
    return Conversation(agent, event_loop_for_agent, f"test-{request.node.name}")
