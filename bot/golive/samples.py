"""Render every draft the firm would send, with sample referrals at every stage, so a broken
override template is found by `python run.py check` rather than by the first person who needs it."""

from __future__ import annotations

from bot.config import Settings
from bot.domain.referral import STAGES, Referral
from bot.drafts import Drafts

SENDER = "Sam Lee"
SAMPLES = (
    Referral(
        id="R-0001",
        received="2026-03-02 09:30",
        lead_name="Jane Doe",
        company="Acme Ltd",
        lead_email="jane@acme.example",
        referred_by="Alex Kim",
        referrer_email="alex@client.example",
        referrer_type="Client",
        how_introduced="Email intro",
        context="needs payroll help",
        est_value="12000",
        owner="Sam Lee",
        first_contact_at="2026-03-02 11:00",
        touches="1",
        outcome_reason="budget",
    ),
    Referral(id="R-0002", received="2026-03-02 10:00", lead_name="Bo", referred_by="Kim"),
)


def render_every_draft(settings: Settings) -> int:
    """How many drafts rendered; raises DraftError (or ConfigError) for the first that does not."""
    drafts = Drafts(
        settings.firm_name, settings.templates_override_dir or None, settings.firm_timezone
    )
    names = drafts.names()
    for name in names:
        for sample in SAMPLES:
            for stage in STAGES:
                drafts.render(name, referral=sample.with_changes({"stage": stage}), sender=SENDER)
    return len(names)
