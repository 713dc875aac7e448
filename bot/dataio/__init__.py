"""The firm's data in and out: exporting the log to CSV and importing an existing referral list.

Pure conversions live here; reading and writing the log goes through bot/log's public contract."""
