"""Imported once by the local engine's fork server: builds the default pipeline and runs it on a
short text, so that every worker forked from the server starts with everything loaded. What is
loaded is then frozen out of the garbage collector's sight, so that the workers' collections
never touch (and copy) the memory pages they share with the server."""

import gc

from oncofr.ingest.sources import RawDocument
from oncofr.pipeline import default_pipeline

default_pipeline().process(RawDocument(id="warm-up", text="Patiente de 60 ans, sans antécédent."))
gc.freeze()
