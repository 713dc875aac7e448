"""The Slack side of Referral Desk: the Bolt app, its listeners by surface, Block Kit builders,
user-facing text and the notifier services use to send DMs and review messages."""
