"""Document routes: read, submit as JSON, upload files, delete."""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Collection
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from api.cancellable import run_for_client
from api.deps import ReadKey, ServicesDep, WriteKey
from api.services import Services
from api.upload_ids import Placed, UploadedDocument, place_upload
from ingest import normalize
from ingest.errors import IngestError, ReaderError
from ingest.formats import SUPPORTED_SUFFIXES
from ingest.model import Document, Failure
from ingest.submitted import SubmittedDocument
from nlp.budget import Budget

router = APIRouter(tags=["documents"])
_UNSAFE = re.compile(r"[^\w.-]+")
# Folders kept of an uploaded file's relative name (its last few: enough to tell files apart).
_MAX_NAME_PARTS = 4
_CHUNK = 1 << 20
# The document of an upload of nghe-an.txt when another upload's nghe-an.txt holds other text.
_EXAMPLE = {
    **Document.model_json_schema()["examples"][0],
    "id": normalize.document_id("upload/nghe-an~2.txt"),
    "source": "upload/nghe-an~2.txt",
}


class UploadResult(BaseModel):
    """What an upload produced: the analysed records, a failure per file that failed, and
    per document whether it is new, replaced another or was indexed already."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "documents": [_EXAMPLE],
                    "failures": [{"source": "upload/scan.pdf", "reason": "no text layer found"}],
                    "results": [
                        {
                            "id": _EXAMPLE["id"],
                            "source": _EXAMPLE["source"],
                            "status": "new",
                            "renamed_from": "upload/nghe-an.txt",
                        }
                    ],
                }
            ]
        }
    )

    documents: list[Document]
    failures: list[Failure]
    results: list[UploadedDocument] = Field(
        description="Each document of `documents`, in its order: its id and what it did to "
        "the index.",
    )


class UploadFormats(BaseModel):
    """What an upload takes, for a client to check files before sending them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "suffixes": [".docx", ".md", ".pdf", ".txt"],
                    "max_files": 50,
                    "max_request_bytes": 50_000_000,
                    "key_required": True,
                }
            ]
        }
    )

    suffixes: list[str] = Field(description="File name endings read, lower case, with the dot.")
    max_files: int = Field(description="Files per upload request (setting max_upload_files).")
    max_request_bytes: int = Field(
        description="Largest request body, all files together (setting max_request_bytes)."
    )
    key_required: bool = Field(description="Whether uploads need the API key.")


@router.get(
    "/api/documents/upload/formats",
    response_model=UploadFormats,
    dependencies=[ReadKey],
)
def upload_formats(services: ServicesDep) -> UploadFormats:
    """The file types and sizes `POST /api/documents/upload` takes, and whether it needs a key."""
    settings = services.settings
    return UploadFormats(
        suffixes=sorted(SUPPORTED_SUFFIXES),
        max_files=settings.max_upload_files,
        max_request_bytes=settings.max_request_bytes,
        key_required=settings.api_key is not None,
    )


@router.get(
    "/api/documents/{document_id}",
    response_model=Document,
    dependencies=[ReadKey],
    responses={404: {"description": "No document has this id."}},
)
def get_document(document_id: str, services: ServicesDep) -> Document:
    """The full analysis record of one document (shared/analysis-format.md)."""
    document = services.backend.get(document_id)
    if document is None:
        raise HTTPException(404, f"no document with id {document_id!r}")
    return document


@router.delete(
    "/api/documents/{document_id}",
    status_code=204,
    dependencies=[WriteKey],
    responses={404: {"description": "No document has this id."}},
)
def delete_document(document_id: str, services: ServicesDep) -> None:
    """Remove a document and its figures from the index; a message's attachments (and theirs)
    are removed with it."""
    if not services.backend.delete(document_id):
        raise HTTPException(404, f"no document with id {document_id!r}")


@router.post(
    "/api/documents",
    response_model=Document,
    status_code=201,
    dependencies=[WriteKey],
    responses={422: {"description": "The document could not be analysed or indexed."}},
)
async def post_document(
    submitted: SubmittedDocument,
    request: Request,
    services: ServicesDep,
) -> Document:
    """Analyse one document and index it; the same id replaces the earlier version.

    Analysis stops, with a 422 naming the setting, past max_request_seconds (ingest longer
    documents with `policylens ingest`) and as soon as the client disconnects.
    """
    try:
        document = submitted.to_document()
    except ValueError as error:
        raise IngestError(str(error)) from error

    def analyse_and_index(cancelled: threading.Event) -> Document:
        budget = services.settings.analysis_budget(request=True, cancelled=cancelled)
        pipeline = services.pipeline
        stored = pipeline.store(pipeline.analyze([document], budget=budget))
        if stored.failures:
            raise IngestError(stored.failures[0].reason)
        return stored.documents[0]

    return await run_for_client(request, analyse_and_index)


@router.post(
    "/api/documents/upload",
    response_model=UploadResult,
    dependencies=[WriteKey],
    responses={413: {"description": "The request body is over the size limit."}},
)
async def upload_documents(
    files: Annotated[
        list[UploadFile],
        File(description=f"Files of these types: {', '.join(sorted(SUPPORTED_SUFFIXES))}."),
    ],
    request: Request,
    services: ServicesDep,
    replace: Annotated[
        bool,
        Query(
            description="A file whose name (upload/report.pdf) another upload's document holds "
            "with other content replaces it; by default it is kept beside it as "
            "upload/report~2.pdf (the first free variant)."
        ),
    ] = False,
) -> UploadResult:
    """Analyse and index uploaded files; each file that fails is reported, the rest go on.

    Files are written only to a private folder under the data directory, under a cleaned
    name, and removed once read; the request never names a path to read. A file's documents
    take the id of its name unless another upload's document holds it with other content
    (see `replace`); the same content again is left as it is (`unchanged`). Files not read
    and analysed within max_request_seconds fail, saying so; a client that disconnects
    stops the work.
    """
    settings = services.settings
    if len(files) > settings.max_upload_files:
        raise IngestError(f"at most {settings.max_upload_files} files per upload")

    def work(cancelled: threading.Event) -> UploadResult:
        budget = settings.analysis_budget(request=True, cancelled=cancelled)
        return _upload(files, services, replace, budget)

    return await run_for_client(request, work)


def _upload(
    files: list[UploadFile], services: Services, replace: bool, budget: Budget
) -> UploadResult:
    pipeline = services.pipeline
    uploads = services.settings.data_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    failures: list[Failure] = []
    read: list[tuple[str, list[Document]]] = []
    request_time = budget.meter()

    def stop_if_over(name: str, done: int, total: int) -> None:
        # Told after each OCR'd page: a long scan stops there, not after its last page.
        if reason := request_time.over():
            raise ReaderError(f"stopped after {done} of {total} pages: {reason}")

    with tempfile.TemporaryDirectory(dir=uploads) as folder:
        for position, upload in enumerate(files):
            name = _safe_name(upload.filename or "", position)
            if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                failures.append(Failure(source=f"upload/{name}", reason="unsupported file type"))
                continue
            target = Path(folder) / name
            if target.exists():
                target = target.with_name(f"{target.stem}-{position}{target.suffix}")
            source = "upload/" + target.relative_to(folder).as_posix()
            if reason := request_time.over():
                failures.append(Failure(source=source, reason=f"not read: {reason}"))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                while chunk := upload.file.read(_CHUNK):
                    out.write(chunk)
            items = list(
                pipeline.read(
                    [target], base=Path(folder), source_prefix="upload/", on_page=stop_if_over
                )
            )
            failures += [item for item in items if isinstance(item, Failure)]
            read.append((source, [item for item in items if isinstance(item, Document)]))

    def choose(taken: Collection[str]) -> list[Placed | Failure]:
        return place_upload(read, services.backend.get, taken, replace)

    with services.upload_claims.choosing(choose) as placed:
        failures += [item for item in placed if isinstance(item, Failure)]
        chosen = [item for item in placed if isinstance(item, Placed)]
        fresh = [item.document for item in chosen if item.status != "unchanged"]
        failed = {failure.source for failure in failures}
        stored = pipeline.store(pipeline.analyze(fresh, budget=budget), failed)
        failures += stored.failures
    # Each placed document that did not fail, with its record: unchanged ones were not analysed
    # again (theirs is the one indexed); the others' are those indexed, in the same order.
    failed = {failure.source for failure in failures}
    indexed = iter(stored.documents)
    done = [
        (item, next(indexed) if item.stored is None else item.stored)
        for item in chosen
        if item.document.source not in failed
    ]
    return UploadResult(
        documents=[record for _, record in done],
        failures=failures,
        results=[item.result() for item, _ in done],
    )


def _safe_name(filename: str, position: int) -> str:
    """The file's relative name, each part cleaned of odd characters and never empty, hidden
    or "..": "a/same.txt" and "b/same.txt" stay two files (the base name alone made the second
    overwrite the first), and nothing can point outside the upload's folder."""
    parts = [
        cleaned
        for part in filename.replace("\\", "/").split("/")
        if (cleaned := _UNSAFE.sub("_", part).lstrip(".")[:120])
    ][-_MAX_NAME_PARTS:]
    return "/".join(parts) if parts else f"upload-{position}"
