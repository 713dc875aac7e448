"""Google's sign-in for service accounts, offline: the OAuth token endpoint and bearer tokens.

A service account's JSON key whose `token_uri` is `stand_in.sign_in.token_uri` makes google-auth
sign a real JWT (RS256, `kid` = the key's ID) and POST it here as Google's token endpoint expects
(`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=...`). The JWT is verified
against the public key registered for that account — signature, issuer, audience, scope and
times — and answered with an access token, or with Google's `invalid_grant`. Once any account is
registered, every Sheets call must carry a live `Authorization: Bearer` token (else Google's 401
UNAUTHENTICATED), and may open only spreadsheets shared with that account (else 403).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from sandbox.sheets.errors import ApiError

TOKEN_PATH = "/token"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SHEETS_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.file",
    }
)
# google-auth addresses the assertion to Google's endpoint whatever token_uri says; Google takes both.
GOOGLE_AUDIENCES = frozenset(
    {"https://oauth2.googleapis.com/token", "https://accounts.google.com/o/oauth2/token"}
)
TOKEN_SECONDS = 3599
MAX_JWT_SECONDS = 3600  # Google refuses an assertion that lives longer than an hour
CLOCK_SKEW = 300
_SPREADSHEET_ID = re.compile(r"^/v4/spreadsheets/([^/:]+)")


class GrantRefused(Exception):
    """The token endpoint's 400/401 answer: `{"error", "error_description"}`."""

    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.body = {"error": error, "error_description": description}
        self.status = status


@dataclass
class _Issued:
    email: str
    expires_at: float


@dataclass
class SignIn:
    base_url: Callable[[], str]
    clock: Callable[[], float] = time.time
    token_seconds: int = TOKEN_SECONDS
    keys: dict[str, dict[str, rsa.RSAPublicKey]] = field(default_factory=dict)
    """email -> key ID -> public key."""
    shared: dict[str, set[str]] = field(default_factory=dict)
    """spreadsheet ID -> emails it is shared with."""
    grants: int = 0
    _tokens: dict[str, _Issued] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def token_uri(self) -> str:
        return self.base_url().rstrip("/") + TOKEN_PATH

    @property
    def required(self) -> bool:
        return bool(self.keys)

    # -- set-up --------------------------------------------------------------------------------

    def add_service_account(self, email: str, key_id: str, public_key: Any) -> None:
        """Register a key as Google holds it once the key is created in the console."""
        if isinstance(public_key, bytes | str):
            public_key = serialization.load_pem_public_key(
                public_key.encode() if isinstance(public_key, str) else public_key
            )
        with self._lock:
            self.keys.setdefault(email, {})[key_id] = public_key

    def delete_key(self, email: str, key_id: str) -> None:
        with self._lock:
            self.keys.get(email, {}).pop(key_id, None)

    def share(self, spreadsheet_id: str, email: str) -> None:
        with self._lock:
            self.shared.setdefault(spreadsheet_id, set()).add(email)

    def expire_tokens(self) -> None:
        """Every access token handed out so far stops working (as an hour passing does)."""
        with self._lock:
            for issued in self._tokens.values():
                issued.expires_at = 0.0

    # -- the token endpoint ----------------------------------------------------------------------

    def grant(self, body: bytes) -> dict[str, Any]:
        form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") != JWT_BEARER:
            raise GrantRefused(
                "unsupported_grant_type", "Invalid grant_type: " + form.get("grant_type", "")
            )
        email = self._verify(form.get("assertion", ""))
        token = "ya29.standin-" + secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = _Issued(email, self.clock() + self.token_seconds)
            self.grants += 1
        return {"access_token": token, "expires_in": self.token_seconds, "token_type": "Bearer"}

    def _verify(self, assertion: str) -> str:
        try:
            head_b64, claims_b64, signature_b64 = assertion.split(".")
            header, claims = _json(head_b64), _json(claims_b64)
            signature = _unb64(signature_b64)
        except ValueError:
            raise GrantRefused(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
            ) from None
        if header.get("alg") != "RS256":
            raise GrantRefused("invalid_grant", "Invalid JWT Signature.")
        email = str(claims.get("iss", ""))
        account = self.keys.get(email)
        if account is None:
            raise GrantRefused("invalid_grant", "Invalid grant: account not found")
        public_key = account.get(str(header.get("kid", "")))
        if public_key is None or not _signed_by(public_key, f"{head_b64}.{claims_b64}", signature):
            raise GrantRefused("invalid_grant", "Invalid JWT Signature.")
        self._check_claims(claims)
        return email

    def _check_claims(self, claims: dict[str, Any]) -> None:
        now = self.clock()
        issued, expires = claims.get("iat"), claims.get("exp")
        if not isinstance(issued, int | float) or not isinstance(expires, int | float):
            raise GrantRefused("invalid_grant", "Invalid JWT: iat and exp are required.")
        if (
            issued > now + CLOCK_SKEW
            or expires < now - CLOCK_SKEW
            or expires - issued > MAX_JWT_SECONDS
        ):
            raise GrantRefused(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
                "timeframe. Check your iat and exp values in the JWT claim.",
            )
        if claims.get("aud") not in {self.token_uri, *GOOGLE_AUDIENCES}:
            raise GrantRefused("invalid_grant", "Invalid JWT: Failed audience check.")
        scopes = set(str(claims.get("scope", "")).split())
        if not scopes & SHEETS_SCOPES:
            raise GrantRefused(
                "invalid_scope", "Invalid OAuth scope or ID token audience provided."
            )

    # -- every Sheets call -------------------------------------------------------------------------

    def authorise(self, authorization: str, path: str) -> None:
        """Raise Google's 401 for a missing, unknown or expired token, 403 for a sheet not shared."""
        if not self.required:
            return
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise unauthenticated(
                "Request is missing required authentication credential. Expected OAuth 2 access "
                "token, login cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project."
            )
        with self._lock:
            issued = self._tokens.get(token.strip())
        if issued is None or issued.expires_at <= self.clock():
            raise unauthenticated(
                "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                "login cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project."
            )
        found = _SPREADSHEET_ID.match(path)
        if found and issued.email not in self.shared.get(found.group(1), set()):
            raise ApiError(403, "The caller does not have permission")


def unauthenticated(message: str) -> ApiError:
    return ApiError(401, message)


def _signed_by(public_key: rsa.RSAPublicKey, signing_input: str, signature: bytes) -> bool:
    try:
        public_key.verify(signature, signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _json(text: str) -> dict[str, Any]:
    value = json.loads(_unb64(text))
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value
