"""Local stand-ins for the external services Referral Desk talks to (Google Sheets, Slack)."""
