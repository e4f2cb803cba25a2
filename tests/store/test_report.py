"""The funders' report on a small, hand-counted month (March 2026, Québec time)."""
import csv
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.report import build_report, format_table, run
from bot.store import get_or_create_person, link_phone, record_consent, save_intake
from tests.store.conftest import conversation, save_conversation

QUEBEC = ZoneInfo("America/Toronto")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def local(*parts) -> float:
    return datetime(*parts, tzinfo=QUEBEC).timestamp()


def naive_utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc).replace(tzinfo=None)


@pytest.fixture
def march(store, rasa_tracker_store, clock):
    """
    Ana (Telegram, then WhatsApp, linked by phone), new in March:
      Mar 2: two answers the same day (1 intervention); Mar 5: one answer on each channel (2).
    Bruno (REST), known since February, language switched fr -> en: Mar 10, one answer (1).
    An unlinked conversation: Mar 31 at 23:30 Québec time, already April in UTC (1).
    Not counted: a greeting only (no topic answered); answers on Feb 28 23:30 and Apr 1 00:30.
    """
    def person_at(moment, channel, sender, **intake):
        clock.now = naive_utc(moment)
        person = get_or_create_person(channel, sender, store=store)
        if intake:
            record_consent(person, "2026-01", store=store)
            save_intake(person, intake, store=store)
        return person

    bruno = person_at(local(2026, 2, 10, 9), "rest", "bruno", gender="undisclosed",
                      claim_stage="hearing_scheduled", urgent_needs=["legal"])
    save_conversation(rasa_tracker_store, "bruno", conversation(local(2026, 2, 10, 9), "bonjour", "utter_greet", "fr"))
    save_conversation(rasa_tracker_store, "bruno", conversation(local(2026, 3, 10, 14), "work permit?", "utter_work_permit", "en"))

    ana = person_at(local(2026, 3, 2, 10), "telegram", "ana-tg", gender="woman", claim_stage="filed_border",
                    urgent_needs=["housing", "food"], phone="418 555 0100")
    save_conversation(rasa_tracker_store, "ana-tg",
                      conversation(local(2026, 3, 2, 10), "como pido asilo", "utter_claim_how", "es")
                      + conversation(local(2026, 3, 2, 11), "y vivienda?", "utter_housing")
                      + conversation(local(2026, 3, 5, 9), "audiencia?", "utter_hearing"))
    ana_whatsapp = person_at(local(2026, 3, 5, 12), "whatsapp", "whatsapp:+14185550100")
    assert link_phone(ana_whatsapp, "+14185550100", store=store) == ana
    save_conversation(rasa_tracker_store, "whatsapp:+14185550100",
                      conversation(local(2026, 3, 5, 12), "y el permiso?", "utter_claim_how"))

    save_conversation(rasa_tracker_store, "late-night", conversation(local(2026, 3, 31, 23, 30), "school?", "utter_school"))
    save_conversation(rasa_tracker_store, "greeter", conversation(local(2026, 3, 15, 10), "hola", "utter_greet", "es"))
    save_conversation(rasa_tracker_store, "outside",
                      conversation(local(2026, 2, 28, 23, 30), "hola?", "utter_claim_how", "es")
                      + conversation(local(2026, 4, 1, 0, 30), "hola?", "utter_claim_how"))
    return store


def test_report_figures(march):
    report = build_report(march, *MARCH)
    assert report.interventions == 5
    assert report.people == 3  # Ana (two channels), Bruno, the late-night conversation
    assert report.new_people == 2  # not Bruno, known since February
    assert report.by_language == {"es": 1, "fr": 0, "en": 1, "unknown": 1}
    assert report.by_gender == {"woman": 1, "man": 0, "other": 0, "not_given": 2}
    assert report.by_claim_stage == {
        "not_filed": 0, "filed_border": 1, "filed_online": 0, "hearing_scheduled": 1,
        "accepted": 0, "rejected": 0, "not_given": 1,
    }
    assert report.by_urgent_need == {
        "housing": 1, "food": 1, "health": 0, "legal": 1, "work": 0, "school": 0, "psychological": 0,
    }


def test_a_period_sees_only_its_own_days(march):
    february = build_report(march, date(2026, 2, 1), date(2026, 2, 28))
    assert (february.interventions, february.people, february.new_people) == (1, 1, 1)  # "outside", Feb 28
    april_first = build_report(march, date(2026, 4, 1), date(2026, 4, 1))
    assert april_first.interventions == 1  # "outside" at 00:30, not the late-night one


def test_report_writes_table_csv_and_png(march, tmp_path):
    report, csv_path, png_path = run(march, *MARCH, tmp_path / "reports")

    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    figures = {(row["section"], row["category"]): int(row["count"]) for row in rows}
    assert figures[("total", "interventions")] == 5
    assert figures[("urgent_need", "legal")] == 1
    assert {row["period_start"] for row in rows} == {"2026-03-01"}
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png_path.stat().st_size > 10_000
    table = format_table(report)
    assert "interventions" in table and "hearing scheduled" in table


def test_report_refuses_a_period_that_ends_before_it_starts(store):
    with pytest.raises(ValueError):
        build_report(store, date(2026, 3, 2), date(2026, 3, 1))
