"""Our channels mounted the way Rasa mounts them, without a model: `python -m tests.channels.channels_only_server PORT`.

Starts in seconds, for what does not need the assistant (a channel switched off).
"""
import sys

from rasa.core.channels.channel import register
from sanic import Sanic

from bot.channels.telegram import TelegramChannel
from bot.channels.twilio import TwilioChannel

if __name__ == "__main__":
    app = Sanic("channels_only")
    register([TwilioChannel.from_credentials(None), TelegramChannel.from_credentials(None)], app, "/webhooks/")
    app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False)
