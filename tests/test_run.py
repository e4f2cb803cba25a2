"""`make run`'s script: starts both servers, answers over HTTP, stops on Ctrl-C."""
import sqlite3
import uuid

import httpx

from bot import locales
from tests.processes import ROOT, Process, port_is_free

PORT, ACTIONS_PORT = 5105, 5155


def test_run_starts_the_assistant_answers_and_stops_cleanly():
    assert port_is_free(PORT) and port_is_free(ACTIONS_PORT)
    run = Process(["scripts/run"], env={"PASSERELLE_PORT": str(PORT), "PASSERELLE_ACTIONS_PORT": str(ACTIONS_PORT)})
    try:
        run.wait_for("Passerelle is running", timeout=300)
        assert any("make chat" in line for line in run.output)

        sender = f"run-{uuid.uuid4().hex[:8]}"
        replies = httpx.post(
            f"http://localhost:{PORT}/webhooks/rest/webhook",
            json={"sender": sender, "message": "hola, donde me hago el examen medico?"}, timeout=30,
        ).json()
        assert [r["text"] for r in replies] == [locales.topic_answer("es", "medical_exam")]

        # The conversation is kept in the SQLite tracker store under var/.
        with sqlite3.connect(ROOT / "var" / "tracker.db") as db:
            rows = db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
        assert rows > 0

        # The HTTP API is not open without the token.
        assert httpx.get(f"http://localhost:{PORT}/conversations/{sender}/tracker").status_code == 401
        assert httpx.get(f"http://localhost:{ACTIONS_PORT}/health").status_code == 200
    finally:
        code = run.interrupt()
    assert code in (0, 130)
    assert port_is_free(PORT) and port_is_free(ACTIONS_PORT)
