"""The web application and REST API (`oncofr serve`, docs/web.md).

Needs the `web` extra (`pip install 'oncofr[web]'`); importing this package imports nothing heavy.
"""
