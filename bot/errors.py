"""One exception family for the whole product, so callers can catch what they can act on."""


class ReferralDeskError(Exception):
    """Base class: every error the product raises on purpose."""


class ConfigError(ReferralDeskError):
    """A setting is missing or wrong; the message says what to set."""


class SchemaError(ReferralDeskError):
    """sheets_schema.json, or the sheet itself, does not match what the bot needs."""


class SheetAccessError(ReferralDeskError):
    """Google refused access to the spreadsheet (403/404); the message says how to share it."""


class SheetUnavailableError(ReferralDeskError):
    """The Sheets API kept failing (quota, 5xx, timeouts) after every retry.

    The write is still safe in the outbox; callers tell the user it is queued.
    """

    def __init__(self, message: str, attempts: int, last_status: int | None = None):
        super().__init__(message)
        self.attempts = attempts
        self.last_status = last_status


class ReferralNotFoundError(ReferralDeskError):
    """No row in the log carries this referral ID."""


class ValidationError(ReferralDeskError):
    """User input that cannot be accepted; `errors` maps a field to a plain-language fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class PermissionDeniedError(ReferralDeskError):
    """The user does not have the role this action needs."""


class AlreadyDoneError(ReferralDeskError):
    """The answer repeats what the referral already says (\"won\" twice): nothing was written."""

    def __init__(self, message: str, referral):
        super().__init__(message)
        self.referral = referral
