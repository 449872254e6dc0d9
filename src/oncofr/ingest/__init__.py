"""Ingest: turn files, folders, JSONL and standard input into raw documents (text + identity)."""
