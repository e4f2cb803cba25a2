"""Passerelle's storage: persons, consent, intake, tickets; encryption at rest; erasure and retention.

Actions import from here, e.g. `from bot.store import get_or_create_person, save_intake`.
"""
from bot.store.crypto import EncryptionKeyError, ensure_dev_key, load_key
from bot.store.database import Store, default_store
from bot.store.erasure import Erasure, Purge, erase_person, purge
from bot.store.fields import (
    CLAIM_STAGES, CONTACT_MOMENTS, GENDERS, URGENT_NEEDS, InvalidField, check_intake_fields, to_e164,
)
from bot.store.migrations import upgrade
from bot.store.repository import (
    AmbiguousSender, ConsentRequired, UnknownPerson, find_person, get_intake, get_or_create_person, has_consent,
    link_phone, record_consent, save_intake, sender_ids_of, withdraw_consent,
)
from bot.store.tickets import (
    PRIORITY_NORMAL, PRIORITY_URGENT, TicketStateError, active_ticket_for, add_ticket_message,
    claim_ticket, close_ticket, get_ticket, open_ticket, open_tickets, reopen_ticket, ticket_log, ticket_open_at,
)

__all__ = [
    "AmbiguousSender", "CLAIM_STAGES", "CONTACT_MOMENTS", "GENDERS", "URGENT_NEEDS", "PRIORITY_NORMAL", "PRIORITY_URGENT",
    "ConsentRequired", "EncryptionKeyError", "Erasure", "InvalidField", "Purge", "Store", "TicketStateError",
    "UnknownPerson", "active_ticket_for", "add_ticket_message", "check_intake_fields", "claim_ticket",
    "close_ticket", "default_store", "ensure_dev_key", "erase_person", "find_person", "get_intake",
    "get_or_create_person", "get_ticket", "has_consent", "link_phone", "load_key", "open_ticket", "open_tickets",
    "purge", "record_consent", "reopen_ticket", "save_intake", "sender_ids_of", "ticket_log", "ticket_open_at",
    "to_e164", "upgrade", "withdraw_consent",
]
