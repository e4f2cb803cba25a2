"""Opt-out and opt-in keywords, as carriers and Twilio recognise them, in our three languages.

The whole message must be the keyword ("stop", "Arrêt!"): "stop the deportation" is a question.
"""
from __future__ import annotations

import unicodedata

OPT_OUT = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "arret", "alto", "baja"})
# Only acted on when the person has opted out: "inicio" alone may also mean "start over".
OPT_IN = frozenset({"start", "unstop", "inicio", "debut"})


def _normalised(text: str) -> str:
    folded = unicodedata.normalize("NFKD", (text or "").strip().lower())
    without_accents = "".join(char for char in folded if not unicodedata.combining(char))
    return without_accents.strip(" .!¡?¿")


def is_opt_out(text: str) -> bool:
    return _normalised(text) in OPT_OUT


def is_opt_in(text: str) -> bool:
    return _normalised(text) in OPT_IN
