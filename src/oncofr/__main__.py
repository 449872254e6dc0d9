"""`python -m oncofr` runs the command line."""

from oncofr.cli import app

app()
