"""`python run.py` with no credentials: the local workspace (sandbox/workspace.py) with a terminal
console in front of it. local.py starts both; session.py is the console (type `/refer ...`, read
DMs, press buttons by number, move the clock); modal.py, render.py, table.py, text.py and
terminal.py are its parts."""
