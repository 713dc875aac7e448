"""The referral log on Google Sheets: schema mapping, snapshot, atomic appends, ID-addressed updates,
retries and the durable outbox. Only this package imports gspread."""
