"""`tui-export serve`: the Textual app in browser tabs, built on textual-serve.

cli.py (flags and the loopback rule), server.py (routes, page, run and shutdown),
token_gate.py (the access token and its cookie), app_processes.py (one app process per
tab, ended with the server), templates/ (the page, with no request off the machine).
"""
