"""Encryption at rest (Fernet) and keyed hashes for looking things up without storing them.

The key comes from env PASSERELLE_FERNET_KEY; on a development machine
`ensure_dev_key()` writes one to var/fernet.key. Without either, storing a
personal field fails loudly rather than writing it in clear.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from bot.store.config import ROOT

KEY_ENV = "PASSERELLE_FERNET_KEY"
DEV_KEY_FILE = ROOT / "var" / "fernet.key"


class EncryptionKeyError(RuntimeError):
    pass


def ensure_dev_key(path: Path = DEV_KEY_FILE) -> bool:
    """Create a development key file when no key is configured. True if one was created."""
    if os.environ.get(KEY_ENV) or path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created with owner-only permissions: whoever reads it can read every intake.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(Fernet.generate_key())
    return True


def load_key(path: Path = DEV_KEY_FILE) -> bytes:
    """The Fernet key from the environment, else from the development key file."""
    configured = os.environ.get(KEY_ENV)
    if configured:
        return configured.strip().encode("ascii")
    if path.exists():
        return path.read_bytes().strip()
    raise EncryptionKeyError(
        f"no encryption key: set {KEY_ENV} (production) or run `passerelle dev-key` (development)"
    )


class Cipher:
    """Fernet for personal fields, plus an HMAC sub-key for lookup hashes."""

    def __init__(self, key: bytes):
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as error:
            raise EncryptionKeyError(f"{KEY_ENV} is not a valid Fernet key") from error
        # A separate sub-key, so a hash never reveals anything about the encryption key.
        self._hash_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"passerelle lookup hash v1"
        ).derive(key)

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            raise EncryptionKeyError(f"cannot decrypt a stored field: is {KEY_ENV} the key it was written with?") from error

    def keyed_hash(self, purpose: str, value: str) -> str:
        """Same input, same hash (to link records); not reversible without the key."""
        message = f"{purpose}\0{value}".encode("utf-8")
        return hmac.new(self._hash_key, message, hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _cipher_for(key: bytes) -> Cipher:
    return Cipher(key)


def current_cipher() -> Cipher:
    return _cipher_for(load_key())


def phone_hash(e164: str) -> str:
    return current_cipher().keyed_hash("phone", e164)


def sender_hash(sender_id: str) -> str:
    # Twilio sender ids are phone numbers, so they are never stored in clear either.
    return current_cipher().keyed_hash("sender", sender_id)


class EncryptedText(TypeDecorator):
    """A text column stored as a Fernet token; reads give the plain text back."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Optional[str], dialect) -> Optional[str]:
        return None if value is None else current_cipher().encrypt(value)

    def process_result_value(self, value: Optional[str], dialect) -> Optional[str]:
        return None if value is None else current_cipher().decrypt(value)
