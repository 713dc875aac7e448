"""Referral Desk: a Slack bot that keeps a firm's referrals in one shared Google Sheet."""
