"""Pure rules: no I/O, no Slack, no gspread. Everything here is a function of its inputs and `now`."""
