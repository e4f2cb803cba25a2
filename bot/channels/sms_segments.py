"""How many SMS a text costs: GSM-7 (160 characters, 153 per part) or UCS-2 (70, 67 per part).

One character outside the GSM-7 alphabet (á, í, ó, ú, ê, ç, «, an emoji) switches the
whole message to UCS-2, which more than doubles the number of segments.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

# GSM 03.38 basic alphabet (without the escape character) and its extension table.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")  # two septets each


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    count: int


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def count_segments(text: str) -> Segments:
    if is_gsm7(text):
        septets = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        return Segments("GSM-7", _parts(septets, single=160, multi=153))
    code_units = len(text.encode("utf-16-le")) // 2  # an emoji takes two
    return Segments("UCS-2", _parts(code_units, single=70, multi=67))


def _parts(length: int, single: int, multi: int) -> int:
    if length <= single:
        return 1
    return math.ceil(length / multi)
