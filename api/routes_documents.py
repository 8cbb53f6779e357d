"""Document routes: read, submit as JSON, upload files, delete."""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from pydantic import BaseModel, ConfigDict

from api.cancellable import run_for_client
from api.security import require_read_key, require_write_key, services_of
from api.services import Services
from ingest.errors import IngestError
from ingest.model import Document, Failure
from ingest.sources import SUPPORTED_SUFFIXES
from ingest.submitted import SubmittedDocument

router = APIRouter(tags=["documents"])
_UNSAFE = re.compile(r"[^\w.-]+")
# Folders kept of an uploaded file's relative name (its last few: enough to tell files apart).
_MAX_NAME_PARTS = 4
_CHUNK = 1 << 20


class UploadResult(BaseModel):
    """What an upload produced: the analysed records, and a failure per file that failed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "documents": [Document.model_json_schema()["examples"][0]],
                    "failures": [{"source": "upload/scan.pdf", "reason": "no text layer found"}],
                }
            ]
        }
    )

    documents: list[Document]
    failures: list[Failure]


@router.get(
    "/api/documents/{document_id}",
    response_model=Document,
    dependencies=[Depends(require_read_key)],
    responses={404: {"description": "No document has this id."}},
)
def get_document(document_id: str, services: Annotated[Services, Depends(services_of)]) -> Document:
    """The full analysis record of one document (shared/analysis-format.md)."""
    document = services.backend.get(document_id)
    if document is None:
        raise HTTPException(404, f"no document with id {document_id!r}")
    return document


@router.delete(
    "/api/documents/{document_id}",
    status_code=204,
    dependencies=[Depends(require_write_key)],
    responses={404: {"description": "No document has this id."}},
)
def delete_document(document_id: str, services: Annotated[Services, Depends(services_of)]) -> None:
    """Remove a document and its figures from the index; a message's attachments (and theirs)
    are removed with it."""
    if not services.backend.delete(document_id):
        raise HTTPException(404, f"no document with id {document_id!r}")


@router.post(
    "/api/documents",
    response_model=Document,
    status_code=201,
    dependencies=[Depends(require_write_key)],
    responses={422: {"description": "The document could not be analysed or indexed."}},
)
async def post_document(
    submitted: SubmittedDocument,
    request: Request,
    services: Annotated[Services, Depends(services_of)],
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
        [result] = list(services.analyze([document], budget=budget))
        if isinstance(result, Failure):
            raise IngestError(result.reason)
        failures = services.index([result])
        if failures:
            raise IngestError(failures[0].reason)
        return result

    return await run_for_client(request, analyse_and_index)


@router.post(
    "/api/documents/upload",
    response_model=UploadResult,
    dependencies=[Depends(require_write_key)],
    responses={413: {"description": "The request body is over the size limit."}},
)
def upload_documents(
    files: Annotated[
        list[UploadFile],
        File(description=f"Files of these types: {', '.join(sorted(SUPPORTED_SUFFIXES))}."),
    ],
    services: Annotated[Services, Depends(services_of)],
) -> UploadResult:
    """Analyse and index uploaded files; each file that fails is reported, the rest go on.

    Files are written only to a private folder under the data directory, under a cleaned
    name, and removed once read; the request never names a path to read.
    """
    settings = services.settings
    if len(files) > settings.max_upload_files:
        raise IngestError(f"at most {settings.max_upload_files} files per upload")
    uploads = settings.data_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    failures: list[Failure] = []
    with tempfile.TemporaryDirectory(dir=uploads) as folder:
        saved: list[Path] = []
        for position, upload in enumerate(files):
            name = _safe_name(upload.filename or "", position)
            if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                failures.append(Failure(source=f"upload/{name}", reason="unsupported file type"))
                continue
            target = Path(folder) / name
            if target.exists():
                target = target.with_name(f"{target.stem}-{position}{target.suffix}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                while chunk := upload.file.read(_CHUNK):
                    out.write(chunk)
            saved.append(target)
        read = list(services.read(saved, base=Path(folder), source_prefix="upload/"))
        analysed = list(services.analyze(read))
    documents = [item for item in analysed if isinstance(item, Document)]
    failures += [item for item in analysed if isinstance(item, Failure)]
    failures += services.index(documents)
    failed = {failure.source for failure in failures}
    return UploadResult(
        documents=[d for d in documents if d.source not in failed], failures=failures
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
