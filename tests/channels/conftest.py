"""One Rasa server with our channels per test session (it takes about 30 s to start)."""
import pytest

from tests.channels.fakes import FakeTelegram, FakeTwilio
from tests.channels.server import ACCOUNT_SID, BOT_TOKEN, MODEL, ChannelServer


@pytest.fixture(scope="session")
def fake_twilio():
    fake = FakeTwilio(ACCOUNT_SID)
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_telegram():
    fake = FakeTelegram(BOT_TOKEN)
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory, fake_twilio, fake_telegram):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make model` (make test does it)")
    running = ChannelServer(tmp_path_factory.mktemp("channels"), fake_twilio, fake_telegram)
    try:
        running.wait_until_ready()
        yield running
    finally:
        running.stop()
