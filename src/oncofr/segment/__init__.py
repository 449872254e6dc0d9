"""Segment: boilerplate zones, sections, sentences and the document type."""

from oncofr.segment import boilerplate, doctype, sections, sentences  # noqa: F401
