"""A service-account key as Google hands one out, made offline: a fresh RSA key and the JSON."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

EMAIL = "referral-desk@firm-project.iam.gserviceaccount.com"


def private_key(which: int = 0) -> rsa.RSAPrivateKey:
    """Key number `which`, made once per test run (RSA key generation is slow)."""
    return _key(which)


@lru_cache(maxsize=4)
def _key(which: int) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def write_key_file(
    folder: Path, token_uri: str, key_id: str = "key-1", which: int = 0, email: str = EMAIL
) -> Path:
    info = {
        "type": "service_account",
        "project_id": "firm-project",
        "private_key_id": key_id,
        "private_key": pem(private_key(which)),
        "client_email": email,
        "client_id": "1234567890",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "service-account.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return path
