"""When staff answer: opening hours from organisation.yml, in the organisation's time zone."""
from __future__ import annotations

import datetime as dt
from typing import Optional
from zoneinfo import ZoneInfo

from bot.locales import WEEKDAYS, organisation


def _local(now: Optional[dt.datetime]) -> dt.datetime:
    zone = ZoneInfo(organisation()["timezone"])
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(zone)


def _hours(day: dt.date):
    span = organisation()["opening_hours"].get(WEEKDAYS[day.weekday()])
    if not span:
        return None
    start, end = (dt.time(*map(int, value.split(":"))) for value in span)
    return start, end


def is_open(now: Optional[dt.datetime] = None) -> bool:
    local = _local(now)
    hours = _hours(local.date())
    return bool(hours) and hours[0] <= local.time() < hours[1]


def next_opening(now: Optional[dt.datetime] = None) -> dt.datetime:
    """The start of the next shift (local time), looking up to a week ahead."""
    local = _local(now)
    for offset in range(8):
        day = local.date() + dt.timedelta(days=offset)
        hours = _hours(day)
        if hours is None:
            continue
        start = dt.datetime.combine(day, hours[0], tzinfo=local.tzinfo)
        if start > local:
            return start
    raise ValueError("organisation.yml has no opening hours")
