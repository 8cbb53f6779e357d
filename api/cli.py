"""The `policylens` command line: ingest, analyze, search, figures, entities, serve, settings."""

from __future__ import annotations

import html
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from api import cli_eval, cli_exports
from api.services import Services, build_services, open_search
from api.settings import Settings
from ingest.file_listing import in_shard, list_files
from ingest.model import Document, Failure
from ingest.submitted import SubmittedDocument
from search.backend import SearchQuery
from search.errors import SearchError
from search.reindex import copy_documents

app = typer.Typer(
    help="PolicyLens: search policy reports in French, Italian and English, with the entities, "
    "figures and countries they state.",
    no_args_is_help=True,
    add_completion=False,
)
LanguageOption = Annotated[
    str | None,
    typer.Option("--lang", help="Force this language (ISO 639-1) instead of detecting it."),
]


class OcrChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


OcrOption = Annotated[
    OcrChoice | None,
    typer.Option(
        "--ocr",
        help="OCR for this run: auto (scanned pages and images), always (every page), never "
        "(default: the ocr setting).",
    ),
]


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


def _services(ocr: OcrChoice | None = None) -> Services:
    settings = Settings()
    if ocr is not None:  # this run only; the setting stays as it is
        settings = settings.model_copy(update={"ocr": ocr.value})
    return build_services(settings)


def _err(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (walked recursively).")],
    lang: LanguageOption = None,
    shard: Annotated[
        str | None,
        typer.Option(
            help="Take only this share of the files, as i/n (1-based): run n processes, on one "
            "machine or many, with 1/n ... n/n to ingest in parallel into one cluster."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="Analysing processes (default: the ingest_workers setting)."
        ),
    ] = None,
    ocr: OcrOption = None,
) -> None:
    """Read, analyse and index documents; exit code 1 when any of them failed."""
    services = _services(ocr)
    listing = list_files(paths)
    files = listing.files
    if shard:
        try:
            index, count = (int(part) for part in shard.split("/"))
            if not 1 <= index <= count:
                raise ValueError
        except ValueError:
            raise typer.BadParameter(
                f"--shard must be i/n with 1 <= i <= n, got {shard!r}"
            ) from None
        files = [path for path in files if in_shard(path, index, count)]
    _err(f"Ingesting {len(files)} file(s) into {services.settings.search_url}")
    with typer.progressbar(length=len(files), label="files", file=sys.stderr) as bar:
        seen: set[str] = set()

        def page_done(name: str, done: int, total: int) -> None:
            # Long scans take minutes: the bar's label says which page of which file is read
            # (off a terminal, each new label is a line of its own).
            if total > 1:
                bar.label = f"OCR {name}: page {done}/{total}" if done < total else "files"
                bar.render_progress()

        def advance(item: Document | Failure) -> None:
            # Progress counts files; a JSONL file's lines all share its path prefix.
            path = item.source.split("#L", 1)[0]
            if path not in seen:
                seen.add(path)
                bar.update(1)

        try:
            report = services.pipeline.ingest(
                files,
                language=lang,
                on_item=advance,
                workers=workers or services.settings.ingest_workers,
                on_page=page_done,
            )
        except SearchError as error:
            _err(f"error: {error}")
            raise typer.Exit(2) from error
    report.failures = listing.failures + report.failures
    languages = ", ".join(f"{code} {n}" for code, n in report.languages.most_common()) or "none"
    if listing.left_out:
        names = ", ".join(path.name for path in listing.left_out[:5])
        more = f" and {len(listing.left_out) - 5} more" if len(listing.left_out) > 5 else ""
        _err(
            f"left out {len(listing.left_out)} project file(s) found in folders ({names}{more}): "
            "name one on the command line to ingest it"
        )
    _err(
        f"{report.documents} document(s) indexed ({languages}); "
        f"{report.entities} entities; {len(report.failures)} failure(s)"
    )
    if report.ocr_pages or report.ocr_cache_hits:
        _err(
            f"OCR: {report.ocr_pages} page(s) recognised, "
            f"{report.ocr_cache_hits} taken from the cache"
        )
    for source, number, confidence in report.doubtful_pages:
        _err(f"  OCR unsure: {source} page {number} ({confidence:.0%} word confidence)")
    for source, number, coverage in report.partly_read_pages:
        _err(
            f"  OCR missed text: {source} page {number} "
            f"(only {coverage:.0%} of the page's ink was read as words)"
        )
    for failure in report.failures:
        _err(f"  failed: {failure.source}: {failure.reason}")
    if report.failures:
        raise typer.Exit(1)


def _page_progress(name: str, done: int, total: int) -> None:
    if total > 1:
        _err(f"OCR {name}: page {done}/{total}")


@app.command()
def reindex(
    source_url: Annotated[str, typer.Option("--from", help="Backend to copy from (URL or path).")],
    target_url: Annotated[str, typer.Option("--to", help="Backend to copy into (URL or path).")],
    batch_size: Annotated[int, typer.Option(min=1, max=10_000)] = 500,
) -> None:
    """Copy every analysed document between backends (tantivy -> Elasticsearch), no NLP."""
    settings = Settings()
    source, target = open_search(settings, source_url), open_search(settings, target_url)
    try:
        total = source.count()
        _err(f"Copying {total} document(s) from {source_url} to {target_url}")
        with typer.progressbar(length=total, label="documents", file=sys.stderr) as bar:
            report = copy_documents(source, target, batch_size, on_batch=bar.update)
    except SearchError as error:
        _err(f"error: {error}")
        raise typer.Exit(2) from error
    for failure in report.failures:
        _err(f"  failed: {failure.source}: {failure.reason}")
    _err(
        f"{report.copied} copied; source has {report.source_count}, "
        f"target now has {report.target_count}"
    )
    if not report.complete:
        _err("error: the target has fewer documents than the source")
        raise typer.Exit(1)


@app.command()
def migrate() -> None:
    """Move the Elasticsearch alias onto the current mapping version (no downtime)."""
    from search.elasticsearch_backend import ElasticsearchBackend

    settings = Settings()
    backend = open_search(settings)
    if not isinstance(backend, ElasticsearchBackend):
        _err("nothing to migrate: the embedded index has no mapping versions")
        return
    try:
        copied = backend.migrate()
    except SearchError as error:
        _err(f"error: {error}")
        raise typer.Exit(2) from error
    _err(f"alias now on the current mapping; {copied} document(s) copied")


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    lang: LanguageOption = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = (
        OutputFormat.jsonl
    ),
    ocr: OcrOption = None,
) -> None:
    """Print the analysis record of each document (one JSON object per line), index nothing."""
    pipeline = _services(ocr).pipeline
    items: list[Document | Failure] = []
    if "-" in paths:
        text = sys.stdin.read()
        try:
            items.append(SubmittedDocument(text=text, source="<stdin>").to_document())
        except ValueError as error:
            items.append(Failure(source="<stdin>", reason=str(error)))
    items += pipeline.read((Path(p) for p in paths if p != "-"), lang, on_page=_page_progress)
    failures = 0
    records = []
    for result in pipeline.analyze(items, language=lang):
        if isinstance(result, Failure):
            failures += 1
            _err(f"failed: {result.source}: {result.reason}")
        elif output is OutputFormat.jsonl:
            typer.echo(result.model_dump_json())
        else:
            records.append(result.model_dump(mode="json"))
    if output is OutputFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    if failures:
        raise typer.Exit(1)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help='Query: words, AND/OR, -excluded, "a phrase".')],
    lang: Annotated[str | None, typer.Option(help="Only documents in this language.")] = None,
    entity: Annotated[list[str] | None, typer.Option(help="Only with this entity key.")] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            help="Only documents about this country: an ISO code or a name in French, Italian "
            "or English (VN, Vietnam, Viêt Nam)."
        ),
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option(help="Only documents about this concept (see /api/topics).")
    ] = None,
    cross_lingual: Annotated[
        bool, typer.Option(help="Also find the concepts' labels in French, Italian and English.")
    ] = True,
    sort: Annotated[str, typer.Option(help="relevance or date.")] = "relevance",
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the raw JSON result.")] = False,
) -> None:
    """Search the index and print the best matches."""
    services = _services()
    try:
        query = SearchQuery(
            q=text,
            lang=lang,
            entity=entity or [],
            country=country or [],
            topic=topic or [],
            cross_lingual=cross_lingual,
            sort=sort,
            limit=limit,
            facets=as_json,  # the text output shows no facets: do not count them
        )
        result = services.search(query)
    except ValidationError as error:
        _err(f"error: {error.errors()[0]['loc'][0]}: {error.errors()[0]['msg']}")
        raise typer.Exit(2) from error
    except SearchError as error:
        _err(f"error: {error}")
        raise typer.Exit(2) from error
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    typer.echo(f"{result.total} document(s)")
    if result.concepts:
        named = ", ".join(f"{c.matched!r} = {c.id}" for c in result.concepts)
        typer.echo(f"expanded across languages: {named}")
    for hit in result.hits:
        marked = hit.snippet.replace("<b>", "[").replace("</b>", "]").replace("\n", " ")
        snippet = html.unescape(marked)  # the API's snippet is HTML; a terminal wants text
        typer.echo(f"\n{hit.id}  [{hit.language}]  {hit.title or hit.source}\n    {snippet}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Processes answering requests (server_workers)."),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    settings = Settings()
    host, port = host or settings.host, port or settings.port
    processes = workers or settings.server_workers
    if processes > 1:
        # Each process builds its own app from the same environment (api.app.create_app).
        uvicorn.run(
            "api.app:create_app", factory=True, workers=processes, host=host, port=port,
            log_level="info",
        )  # fmt: skip
        return
    from api.app import create_app

    uvicorn.run(create_app(build_services(settings)), host=host, port=port, log_level="info")


# Scoring against gold files, in a module of its own; here, to keep its place in --help.
app.command("eval")(cli_eval.evaluate)


@app.command("settings")
def show_settings() -> None:
    """Print every setting, its current value and what it does."""
    for name, value, description in Settings().describe():
        typer.echo(f"{name} = {value}\n    POLICYLENS_{name.upper()}: {description}")


# The API's tables (figures, entities) as commands, in a module of their own.
app.command()(cli_exports.figures)
app.command()(cli_exports.entities)


if __name__ == "__main__":
    app()
