"""Going live: `python run.py check` and what it needs to look at a firm's set-up."""
