"""Exporters: formats derived from the document result."""
