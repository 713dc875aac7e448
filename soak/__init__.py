"""`make soak`: the fault-injection suite (see soak/run.py)."""
