"""HTTP answers shared by our webhooks."""
from __future__ import annotations

from sanic import response
from sanic.response import HTTPResponse

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def disabled(channel: str, missing: list) -> HTTPResponse:
    # 503, not 404: the route exists, the server only lacks its settings.
    return response.json({"error": f"the {channel} channel is off", "missing": missing}, status=503)


def forbidden() -> HTTPResponse:
    return response.json({"error": "forbidden"}, status=403)


def bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=400)


def empty_twiml() -> HTTPResponse:
    """Twilio's "nothing to say now": the replies follow through the REST API."""
    return response.text(EMPTY_TWIML, content_type="text/xml")
