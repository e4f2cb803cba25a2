"""Personal fields are unreadable in the database without the key."""
import os
import stat

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.store import (
    EncryptionKeyError, add_ticket_message, ensure_dev_key, get_intake, get_or_create_person, load_key,
    open_ticket, record_consent, save_intake,
)
from bot.store.crypto import KEY_ENV
from bot.store.models import Base

SECRETS = ["Wilmer", "Sainte-Foy", "hombre trans", "4185550177", "418-555-0177", "necesito un abogado"]


def raw_dump(store):
    """Every row of every table of ours, as the database holds it."""
    with store.engine.connect() as connection:
        return "\n".join(
            repr(list(connection.execute(text(f"SELECT * FROM {table}"))))
            for table in Base.metadata.tables
        )


def test_raw_tables_show_no_name_phone_city_or_message(store):
    sender = "whatsapp:+14185550177"  # Twilio sender ids are phone numbers
    person = get_or_create_person("whatsapp", sender, store=store)
    record_consent(person, "2026-01", store=store)
    save_intake(person, {
        "first_name": "Wilmer", "city": "Sainte-Foy", "gender": "other",
        "gender_self_described": "hombre trans", "phone": "418-555-0177",
    }, store=store)
    ticket = open_ticket("whatsapp", sender, store=store)
    add_ticket_message(ticket, "message_in", "necesito un abogado", store=store)

    dump = raw_dump(store)
    assert "gAAAAA" in dump  # Fernet tokens are there...
    for secret in SECRETS:
        assert secret not in dump  # ...and nothing readable
    assert get_intake(person, store=store)["first_name"] == "Wilmer"


def test_another_key_cannot_read_the_intake(store, monkeypatch):
    person = get_or_create_person("rest", "k1", store=store)
    record_consent(person, "2026-01", store=store)
    save_intake(person, {"first_name": "Wilmer"}, store=store)
    monkeypatch.setenv(KEY_ENV, Fernet.generate_key().decode())
    with pytest.raises(EncryptionKeyError):
        get_intake(person, store=store)


def test_dev_key_is_created_once_readable_by_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV)
    key_file = tmp_path / "var" / "fernet.key"
    assert ensure_dev_key(key_file) is True
    assert ensure_dev_key(key_file) is False
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    Fernet(load_key(key_file))  # a usable key


def test_configured_key_wins_and_no_file_is_made(tmp_path, fernet_key):
    key_file = tmp_path / "fernet.key"
    assert ensure_dev_key(key_file) is False
    assert not key_file.exists()
    assert load_key(key_file) == fernet_key.encode()


def test_no_key_at_all_refuses_to_store(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV)
    with pytest.raises(EncryptionKeyError):
        load_key(tmp_path / "missing.key")
