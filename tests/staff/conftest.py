"""One stack (action server, Rasa server, fakes) for the staff tests; a fresh console per test."""
import pytest

from tests.channels.fakes import FakeTwilio
from tests.channels.server import ACCOUNT_SID
from tests.staff.fake_bot_api import FakeBotApi
from tests.staff.stack import MODEL, NEWCOMER_TOKEN, STAFF_TOKEN, Stack
from tests.staff.staff_group import Person, StaffGroupView


@pytest.fixture(scope="package")
def bot_api():
    fake = FakeBotApi(NEWCOMER_TOKEN, STAFF_TOKEN)
    yield fake
    fake.stop()


@pytest.fixture(scope="package")
def fake_twilio():
    fake = FakeTwilio(ACCOUNT_SID)
    yield fake
    fake.stop()


@pytest.fixture(scope="package")
def stack(tmp_path_factory, bot_api, fake_twilio):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make model` (make test does it)")
    running = Stack(tmp_path_factory.mktemp("staff"), bot_api.base_url, fake_twilio.url)
    # This process reads the same store (tickets) with the same key, to check what happened.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PASSERELLE_FERNET_KEY", running.fernet_key)
        try:
            running.start_actions()
            running.start_rasa()
            yield running
        finally:
            running.stop()


@pytest.fixture
def console(stack):
    process = stack.start_console()
    yield process
    stack.stop_console()


@pytest.fixture(scope="package")
def store(stack):
    from bot.store import Store

    opened = Store(stack.store_url)
    yield opened
    opened.dispose()


@pytest.fixture
def staff(bot_api, stack):
    return StaffGroupView(bot_api)


@pytest.fixture
def person(bot_api, stack):
    return Person(bot_api, stack)
