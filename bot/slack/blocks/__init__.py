"""Block Kit builders: pure functions from referrals and drafts to blocks and views."""
