"""Evaluation harness: score document results against span, brat and patient-record gold.

`gold` loads the gold, `predictions` reads or extracts the results, `labels` maps corpus
labels to the contract's, `core`, `spans`, `qualifiers` and `records` compute the metrics,
`report` writes the error report, `tables` renders the numbers, `run` ties them together,
`trained` compares the rules with rules + a model trained on half of a set (`--train-split`)
and `cli` adds the `evaluate` and `export-brat` commands. See `docs/evaluate.md`.
"""
