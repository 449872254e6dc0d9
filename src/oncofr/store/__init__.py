"""The cohort store: document results as SQL tables (DuckDB by default, or PostgreSQL).

`open_store(url)` connects and migrates; `StoreWriter` writes a run's results; `query` answers
cohort questions. The schema is in `migrations/` and documented in docs/store.md.
"""

from oncofr.store.connect import open_store

__all__ = ["open_store"]
