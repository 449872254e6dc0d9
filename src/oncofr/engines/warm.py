"""Imported once by the local engine's fork server: builds the default pipeline and runs it on a
short text, so that every worker forked from the server starts with everything loaded."""

from oncofr.ingest.sources import RawDocument
from oncofr.pipeline import default_pipeline

default_pipeline().process(RawDocument(id="warm-up", text="Patiente de 60 ans, sans antécédent."))
