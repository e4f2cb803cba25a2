"""Rasa's SQL tracker store, able to forget a conversation on request.

"Delete my data" runs in the action server while Rasa still holds the
conversation in memory; deleting its rows there would be undone when Rasa saves
the tracker at the end of the turn. So the action sets `erase_requested`, and
this store deletes the conversation instead of saving it.
"""
from __future__ import annotations

import logging

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import delete
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)


class ErasableSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        if tracker.get_slot("erase_requested"):
            self.erase(tracker.sender_id)
            return
        await super().save(tracker)

    def erase(self, sender_id: str) -> None:
        with self.session_scope() as session:
            deleted = session.execute(delete(self.SQLEvent).where(self.SQLEvent.sender_id == sender_id)).rowcount
            session.commit()
        logger.info("erased conversation %s (%d events)", sender_id, deleted)
