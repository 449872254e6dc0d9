"""The numbers of an evaluation as tables, printed with rich or written as Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CODED_NOTE = ("coded ex+c: the same on the gold spans that have a code (uncoded: gold spans "
              "without one, set aside with the predictions of exactly their span)")


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


def _prf(scores: dict[str, Any]) -> list[str]:
    return [f"{scores[k]:.3f}" for k in ("precision", "recall", "f1")]


def _rows(items: dict[str, dict[str, Any]], micro: dict[str, Any] | None,
          cells: Any) -> list[list[str]]:
    rows = [[name, *cells(scores)] for name, scores in items.items()]
    return rows + ([["micro", *cells(micro)]] if micro is not None and items else [])


def build_tables(summary: dict[str, Any]) -> list[Table]:
    """Every table that applies to one evaluation summary."""
    tables = []
    if "spans" in summary:
        spans = summary["spans"]
        tables.append(Table(
            "Spans", ["label", "gold", "pred", "ex P", "ex R", "ex F1", "ov P", "ov R", "ov F1"],
            _rows(spans["labels"], spans["micro"], lambda s: [
                str(s["gold"]), str(s["pred"]), *_prf(s["exact"]), *_prf(s["overlap"])]),
            "ex: exact span, ov: overlapping span (one-to-one); gold/pred: unique spans"))
        coded = {k: v for k, v in spans["labels"].items() if "exact+code" in v}
        if coded:
            codes = spans["doc_codes"]
            partial = _partly_coded(coded)
            tables.append(Table(
                "Codes",
                ["label", "gold", *(["uncoded", "coded ex+c F1"] if partial else []),
                 "ex+c F1", "ov+c F1", "doc gold", "doc P", "doc R", "doc F1"],
                _rows({k: {**v, "doc": codes["labels"][k]} for k, v in coded.items()},
                      {**spans["micro"], "gold": sum(v["gold"] for v in coded.values()),
                       "doc": codes["micro"]}, lambda s: [
                          str(s["gold"]),
                          *([str(s["uncoded"]), f"{s['exact+coded']['f1']:.3f}"] if partial
                            else []),
                          f"{s['exact+code']['f1']:.3f}",
                          f"{s['overlap+code']['f1']:.3f}", str(s["doc"]["tp"] + s["doc"]["fn"]),
                          *_prf(s["doc"])]),
                "ex+c/ov+c: exact/overlapping span with the right code; "
                + (f"{CODED_NOTE}; " if partial else "")
                + "doc: set of codes per document and label"))
        if spans["values"]:
            tables.append(Table(
                "Normalised values", ["label", "matched", "correct", "accuracy"],
                _rows(spans["values"], None, _accuracy),
                "on overlap-matched spans with a gold value"))
    if "with_model" in summary:
        tables.append(_model_table(summary["with_model"]))
    for key, title, note in (
        ("qualifiers", "Qualifiers",
         "accuracy on gold spans overlapped by a mention; P/R/F1 of flagged (+) spans"),
        ("qualifiers_on_gold_spans", "Qualifiers on gold spans",
         "the qualifier stage run on the gold spans themselves, as `oncofr qualify` does"),
    ):
        if key in summary:
            tables.append(Table(
                title, ["qualifier", "matched", "accuracy", "gold +", "pred +", "P", "R", "F1"],
                _rows(summary[key], None, lambda s: [
                    str(s["total"]), f"{s['accuracy']:.3f}", str(s["gold"]), str(s["pred"]),
                    *_prf(s)]),
                note))
    if "records" in summary:
        records = summary["records"]
        tables.append(Table(
            "Record fields", ["field", "gold", "pred", "P", "R", "F1"],
            _rows(records["fields"], records["micro"],
                  lambda s: [str(s["gold"]), str(s["pred"]), *_prf(s)]),
            "sets per document, micro-averaged"))
        tables.append(Table("Record values", ["field", "documents", "correct", "accuracy"],
                            _rows(records["accuracy"], None, _accuracy),
                            "age within 0.5 year; null equals null"))
    return tables


def _partly_coded(labels: dict[str, dict[str, Any]]) -> bool:
    """Whether some gold spans of these coded labels have no code."""
    return any(scores.get("uncoded") for scores in labels.values())


def _model_table(compared: dict[str, Any]) -> Table:
    """Rules alone vs rules + a model trained on the other half (`evaluate.trained`)."""
    partial = _partly_coded(compared["labels"])
    modes = ("exact", "exact+code", "exact+coded") if partial else ("exact", "exact+code")

    def cells(scores: dict[str, Any]) -> list[str]:
        return [str(scores["gold"]), *(f"{scores[system][mode]['f1']:.3f}"
                                       for mode in modes
                                       for system in ("rules", "rules+model"))]

    return Table(
        "Rules alone vs rules + model",
        ["label", "gold", "rules ex F1", "+model ex F1", "rules ex+c F1", "+model ex+c F1",
         *(["rules coded ex+c F1", "+model coded ex+c F1"] if partial else [])],
        _rows(compared["labels"], compared["micro"], cells),
        f"test half only: {compared['test_documents']} documents; the model was trained at run "
        f"time on the other {compared['train_documents']} ({compared['split']}), "
        f"{compared['iterations']} passes, {compared['train_seconds']:.0f} s"
        + (f"; {CODED_NOTE}" if partial else ""))


def _accuracy(scores: dict[str, Any]) -> list[str]:
    return [str(scores["total"]), str(scores["correct"]), f"{scores['accuracy']:.3f}"]


def headline(summary: dict[str, Any]) -> str:
    """One line: what was evaluated (labels, ICD-O-3 edition of the extraction), on how many
    documents."""
    about = [f"{summary['corpus']} labels"] if summary.get("corpus") else []
    if summary.get("icdo3_edition"):
        about.append(f"morphology extracted in ICD-O-{summary['icdo3_edition']}")
    corpus = f" ({', '.join(about)})" if about else ""
    return (f"{summary['gold']}{corpus}: {summary['documents']} gold documents, "
            f"{summary['predicted']} predicted, {summary['errors']} extraction error(s)")


def print_tables(summary: dict[str, Any], console: Any) -> None:
    """Print `summary` on a rich console; a table wider than the console keeps its numbers
    whole (no ellipsis) and runs past the console's width."""
    from rich.measure import Measurement
    from rich.table import Table as RichTable

    console.print(headline(summary))
    for table in build_tables(summary):
        rich = RichTable(title=table.title, title_justify="left", caption=table.note,
                         caption_justify="left")
        for index, column in enumerate(table.columns):
            widest = max([len(word) for word in column.split()]
                         + [len(row[index]) for row in table.rows])
            rich.add_column(column, justify="left" if index == 0 else "right", no_wrap=index == 0,
                            min_width=widest)
        for row in table.rows:
            rich.add_row(*row, style="bold" if row[0] == "micro" else None)
        needed = Measurement.get(console, console.options, rich).minimum
        console.print(rich, width=max(console.width, needed), crop=False)


def markdown(summary: dict[str, Any]) -> str:
    """`summary` as Markdown tables."""
    parts = [headline(summary) + "\n"]
    for table in build_tables(summary):
        note = f" ({table.note})" if table.note else ""
        parts.append(f"**{table.title}**{note}\n")
        parts.append("| " + " | ".join(table.columns) + " |")
        parts.append("|" + "|".join(["---"] + ["---:"] * (len(table.columns) - 1)) + "|")
        parts += ["| " + " | ".join(row) + " |" for row in table.rows]
        parts.append("")
    return "\n".join(parts)
