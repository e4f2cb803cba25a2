"""Shared fixtures: the trained model, loaded once, and a way to talk to it."""
import asyncio
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "passerelle.tar.gz"


class Conversation:
    """One person talking to the assistant in-process: a message in, replies out."""

    def __init__(self, agent, loop, sender):
        self.agent, self.loop, self.sender = agent, loop, sender

    def say(self, text, metadata=None):
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        channel = CollectingOutputChannel()
        message = UserMessage(text, channel, self.sender, metadata=metadata)
        self.loop.run_until_complete(self.agent.handle_message(message))
        return [reply.get("text", "") for reply in channel.messages]

    def slot(self, name):
        tracker = self.loop.run_until_complete(self.agent.tracker_store.retrieve(self.sender))
        return tracker.get_slot(name)


@pytest.fixture(scope="session")
def event_loop_for_agent():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def agent(event_loop_for_agent):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make model` (make test does it)")
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


@pytest.fixture
def person(agent, event_loop_for_agent, request):
    return Conversation(agent, event_loop_for_agent, f"test-{request.node.name}")
