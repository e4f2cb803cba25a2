"""The funders' report: what the assistant did in a period, in the figures funders ask for.

- interventions: conversations with at least one answered question, i.e. distinct
  (conversation, local day) pairs where the bot ran utter_<topic> for a trajectory topic;
- people: distinct persons behind those conversations (a person's channels count once;
  a conversation the store never linked to a person counts as one person);
- new people: those of them first seen in the period;
- by language (last `language` slot set before the period's end), and from the intakes
  of those people: by gender, claim stage and urgent need (a person may have several).

Days are Québec days (America/Toronto). Only counts leave this module, never a name.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Dict, List, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.store import tracker
from bot.store.crypto import sender_hash
from bot.store.database import Store
from bot.store.fields import CLAIM_STAGES, URGENT_NEEDS
from bot.store.models import ChannelIdentity, Intake, Person

LOCAL_TIME = ZoneInfo("America/Toronto")  # Québec City's time zone
LANGUAGE_ORDER = ("es", "fr", "en")
GENDER_ORDER = ("woman", "man", "other")
NOT_GIVEN = "not_given"
UNKNOWN_LANGUAGE = "unknown"


@dataclass
class Report:
    start: date
    end: date  # included
    interventions: int = 0
    people: int = 0
    new_people: int = 0
    by_language: Dict[str, int] = field(default_factory=dict)
    by_gender: Dict[str, int] = field(default_factory=dict)
    by_claim_stage: Dict[str, int] = field(default_factory=dict)
    by_urgent_need: Dict[str, int] = field(default_factory=dict)

    def rows(self) -> List[Tuple[str, str, int]]:
        """(section, category, count), the report's one flat shape (table and CSV)."""
        rows = [("total", "interventions", self.interventions), ("total", "people", self.people),
                ("total", "new_people", self.new_people)]
        for section, counts in self.breakdowns().items():
            rows += [(section, category, count) for category, count in counts.items()]
        return rows

    def breakdowns(self) -> Dict[str, Dict[str, int]]:
        return {"language": self.by_language, "gender": self.by_gender,
                "claim_stage": self.by_claim_stage, "urgent_need": self.by_urgent_need}


def build_report(store: Store, start: date, end: date) -> Report:
    if end < start:
        raise ValueError("the period ends before it starts")
    period_start, period_end = _local_midnight(start), _local_midnight(end + timedelta(days=1))
    answer_actions = [f"utter_{topic}" for topic in _topic_names()]
    answered = tracker.actions_between(store.tracker_engine, answer_actions, period_start, period_end)

    report = Report(start=start, end=end)
    report.interventions = len({(sender, _local_day(moment)) for sender, moment in answered})

    started = tracker.first_event_by_sender(store.tracker_engine)  # every conversation, answered or not
    person_of = _person_keys(store, started)
    people = {person_of[sender] for sender, _ in answered}
    report.people = len(people)
    first_seen = _first_seen(store, person_of, started)
    report.new_people = sum(1 for person in people if first_seen[person] >= period_start)

    report.by_language = _languages(store, person_of, people, period_end)
    _add_intake_figures(report, store, people)
    return report


def _topic_names() -> List[str]:
    from bot.locales import topic_names

    return topic_names()


def _person_keys(store: Store, sender_ids) -> Dict[str, str]:
    """Each conversation's person: a store person id, or the conversation itself if unlinked."""
    hashes = {sender_hash(sender): sender for sender in sender_ids}
    with store.transaction() as session:
        linked = dict(session.execute(
            select(ChannelIdentity.sender_hash, ChannelIdentity.person_id)
            .where(ChannelIdentity.sender_hash.in_(list(hashes)))
        ).all())
    return {sender: linked.get(digest, f"conversation:{digest}") for digest, sender in hashes.items()}


def _first_seen(store: Store, person_of: Dict[str, str], started: Dict[str, float]) -> Dict[str, float]:
    """The earliest of: the person's creation, any of their conversations' oldest event kept."""
    first: Dict[str, float] = {}
    for sender, began in started.items():
        person = person_of[sender]
        first[person] = min(began, first.get(person, began))
    with store.transaction() as session:
        for person_id, created_at in session.execute(select(Person.id, Person.created_at)):
            created = created_at.replace(tzinfo=timezone.utc).timestamp()
            first[person_id] = min(created, first.get(person_id, created))
    return first


def _languages(store: Store, person_of: Dict[str, str], people, period_end: float) -> Dict[str, int]:
    latest: Dict[str, str] = {}
    for sender, _, data in tracker.slot_events_before(store.tracker_engine, "language", period_end):
        person = person_of.get(sender)
        value = json.loads(data or "{}").get("value")
        if person in people and value:
            latest[person] = value  # events come oldest first: the last one wins
    counts = Counter(latest.get(person, UNKNOWN_LANGUAGE) for person in people)
    return _ordered(counts, LANGUAGE_ORDER + (UNKNOWN_LANGUAGE,))


def _add_intake_figures(report: Report, store: Store, people) -> None:
    with store.transaction() as session:
        intakes = list(session.execute(
            select(Intake.person_id, Intake.gender, Intake.claim_stage, Intake.urgent_needs)
            .where(Intake.person_id.in_([person for person in people if not person.startswith("conversation:")]))
        ).all())
    by_person = {person_id: (gender, stage, needs) for person_id, gender, stage, needs in intakes}
    genders, stages, needs = Counter(), Counter(), Counter()
    for person in people:
        gender, stage, person_needs = by_person.get(person, (None, None, None))
        genders[gender if gender in GENDER_ORDER else NOT_GIVEN] += 1  # "undisclosed" is not given
        stages[stage or NOT_GIVEN] += 1
        needs.update(person_needs or [])
    report.by_gender = _ordered(genders, GENDER_ORDER + (NOT_GIVEN,))
    report.by_claim_stage = _ordered(stages, CLAIM_STAGES + (NOT_GIVEN,))
    report.by_urgent_need = _ordered(needs, URGENT_NEEDS)


def _ordered(counts: Counter, order) -> Dict[str, int]:
    # Every category, zeros included: funders compare reports period to period.
    return {category: counts.get(category, 0) for category in order}


def _local_midnight(day: date) -> float:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TIME).timestamp()


def _local_day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, LOCAL_TIME).date()


def format_table(report: Report) -> str:
    lines = [f"Passerelle — {report.start.isoformat()} to {report.end.isoformat()}"]
    section = None
    for name, category, count in report.rows():
        if name != section:
            lines.append(f"\n{name.replace('_', ' ')}")
            section = name
        lines.append(f"  {category.replace('_', ' '):<22}{count:>6}")
    return "\n".join(lines)


def write_csv(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["period_start", "period_end", "section", "category", "count"])
        for row in report.rows():
            writer.writerow([report.start.isoformat(), report.end.isoformat(), *row])
    return path


def write_chart(report: Report, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    figure, axes = plt.subplots(2, 2, figsize=(11, 8))
    for axis, (section, counts) in zip(axes.flat, report.breakdowns().items()):
        labels = [category.replace("_", " ") for category in counts]
        axis.barh(labels, list(counts.values()), color="#2a6f97")
        axis.invert_yaxis()
        axis.set_title(section.replace("_", " "))
        axis.xaxis.get_major_locator().set_params(integer=True)
    figure.suptitle(
        f"Passerelle {report.start.isoformat()} – {report.end.isoformat()}: "
        f"{report.interventions} interventions, {report.people} people ({report.new_people} new)"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path


def run(store: Store, start: date, end: date, out_dir: Path) -> Tuple[Report, Path, Path]:
    """Build the report, print nothing; return it with the CSV and PNG paths written."""
    report = build_report(store, start, end)
    stem = f"report_{start.isoformat()}_{end.isoformat()}"
    return report, write_csv(report, out_dir / f"{stem}.csv"), write_chart(report, out_dir / f"{stem}.png")
