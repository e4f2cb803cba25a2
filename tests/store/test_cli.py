"""`passerelle purge` and `passerelle report` on the databases the environment names."""
from datetime import datetime, timezone

import pytest

from bot import cli
from bot.store import database
from tests.store.conftest import conversation, count_rows, save_conversation


@pytest.fixture
def environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'passerelle.db'}")
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("PASSERELLE_EVENTS_DATABASE_URL", f"sqlite:///{tmp_path / 'events.db'}")
    monkeypatch.setattr(database, "_default", None)
    yield tmp_path
    if database._default is not None:
        database._default.dispose()


def test_report_and_purge_commands(environment, capsys):
    from rasa.core.tracker_store import SQLTrackerStore

    tracker_store = SQLTrackerStore(dialect="sqlite", db=str(environment / "tracker.db"))
    old = datetime(2026, 3, 3, 15, tzinfo=timezone.utc).timestamp()
    save_conversation(tracker_store, "someone", conversation(old, "asilo?", "utter_claim_how", "es"))

    assert cli.main(["report", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(environment / "out")]) == 0
    printed = capsys.readouterr().out
    assert "interventions" in printed and "report_2026-03-01_2026-03-31.csv" in printed
    assert (environment / "out" / "report_2026-03-01_2026-03-31.png").exists()
    assert (environment / "passerelle.db").exists()  # the store was migrated on first use

    assert cli.main(["purge", "--older-than", "30"]) == 0  # March 2026 is long before now
    assert "5 conversation events" in capsys.readouterr().out
    assert count_rows(tracker_store.engine, "events") == 0
    tracker_store.engine.dispose()


def test_report_dates_must_be_dates(environment, capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--from", "March", "--to", "2026-03-31"])
