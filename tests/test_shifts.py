"""Opening hours in Québec's time zone, evenings and Saturday included."""
import datetime as dt
from zoneinfo import ZoneInfo

from bot.handoff.shifts import is_open, next_opening

QC = ZoneInfo("America/Toronto")


def at(*args):
    return dt.datetime(*args, tzinfo=QC)


def test_open_on_a_weekday_evening_and_saturday_closed_on_sunday():
    assert is_open(at(2026, 11, 23, 19, 30))       # Monday 19:30
    assert is_open(at(2026, 11, 28, 11, 0))        # Saturday
    assert not is_open(at(2026, 11, 29, 11, 0))    # Sunday
    assert not is_open(at(2026, 11, 23, 20, 0))    # closes at 20:00


def test_utc_times_are_read_in_quebec_time():
    assert is_open(dt.datetime(2026, 11, 24, 0, 30, tzinfo=dt.timezone.utc))  # Monday 19:30 in Québec


def test_next_shift_after_sunday_is_monday_morning():
    assert next_opening(at(2026, 11, 29, 15, 0)) == at(2026, 11, 30, 9, 0)
    assert next_opening(at(2026, 11, 27, 18, 0)) == at(2026, 11, 28, 10, 0)  # Friday after 17:00 -> Saturday 10:00
