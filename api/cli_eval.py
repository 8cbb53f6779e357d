"""`policylens eval`: the analysis of gold documents scored against them, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from api.services import build_services
from ingest.model import Document, Failure
from ingest.published import stated_published
from nlp.evaluation import GoldError, differences, load_gold, score_document, summarise


def _err(message: str) -> None:
    typer.echo(message, err=True)


def evaluate(
    directory: Annotated[Path, typer.Argument(help="Folder of gold *.json files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[
        bool, typer.Option("--details", help="List misses and false alarms per document.")
    ] = False,
) -> None:
    """Score the analysis of every gold document in DIRECTORY (shared/gold-format.md)."""
    paths = sorted(directory.glob("*.json"))
    if not paths:
        _err(f"error: no gold *.json files in {directory}")
        raise typer.Exit(2)
    try:
        golds = [load_gold(path) for path in paths]
    except GoldError as error:
        _err(f"error: {error}")
        raise typer.Exit(2) from error
    # A gold file without a publication date gets the one its text states at its top, as the
    # same text ingested or analysed would: the year-less dates are then read alike.
    documents = [
        Document(
            id=g.id, source=g.path, text=g.text, published=g.published or stated_published(g.text)
        )
        for g in golds
    ]
    results = []
    for gold, analysed in zip(golds, build_services().pipeline.analyze(documents), strict=True):
        if isinstance(analysed, Failure):
            _err(f"error: {gold.path}: {analysed.reason}")
            raise typer.Exit(1)
        results.append((gold, score_document(gold, analysed)))
        if details:
            _err(f"{gold.id} ({gold.path})")
            for line in differences(gold, analysed):
                _err(line)
    report = summarise(results)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    typer.echo(_eval_table(report))


def _eval_table(report: dict[str, Any]) -> str:
    header = (
        f"{'':8} {'docs':>4} {'lang':>5}  {'figures P/R/F1':>17} {'unit':>5}  "
        f"{'entities P/R/F1':>17}  {'dates P/R/F1':>17}  {'countries P/R/F1':>17}  "
        f"{'as_of P/R':>9} {'about':>5}"
    )

    def prf(scores: dict[str, float]) -> str:
        return f"{scores['precision']:.2f}/{scores['recall']:.2f}/{scores['f1']:.2f}"

    rows = [header]
    for name, row in report.items():
        rows.append(
            f"{name:8} {row['documents']:>4} {row['language_accuracy']:>5.2f}  "
            f"{prf(row['figures']):>17} {row['unit_accuracy']:>5.2f}  "
            f"{prf(row['entities']):>17}  {prf(row['dates']):>17}  {prf(row['countries']):>17}  "
            f"{prf(row['as_of'])[:9]:>9} {row['about_filled']:>5.2f}"
        )
    rows += ["", f"{'entities':8} {'PER P/R/F1':>17} {'ORG P/R/F1':>17} {'LOC P/R/F1':>17}  "
             f"{'lenient P/R/F1':>17}"]  # fmt: skip
    for name, row in report.items():
        labels = row["entities_by_label"]
        rows.append(
            f"{name:8} {prf(labels['PER']):>17} {prf(labels['ORG']):>17} {prf(labels['LOC']):>17}  "
            f"{prf(row['entities_lenient']):>17}"
        )
    return "\n".join(rows)
