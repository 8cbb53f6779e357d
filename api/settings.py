"""The one settings object (environment prefix POLICYLENS_), built only at the entry points."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.extracted import ReadLimits
from ingest.language import DEFAULT_LANGUAGES
from ingest.ocr import OcrMode, OcrOptions
from nlp.budget import Budget
from nlp.pipelines import DEFAULT_MODELS


class Settings(BaseSettings):
    """Every knob of a deployment; `policylens settings` prints them with these descriptions."""

    model_config = SettingsConfigDict(env_prefix="POLICYLENS_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where the embedded index and caches live.")
    search_url: str = Field(
        "",
        description="Search backend: tantivy://PATH or a path (embedded, default "
        "DATA_DIR/index), or http(s)://host:9200 for Elasticsearch.",
    )
    api_key: SecretStr | None = Field(
        None,
        description="Key required by write endpoints, sent as X-API-Key or Authorization: Bearer. "
        "Unset: writes are open (fine on loopback, not on a network).",
    )
    read_requires_key: bool = Field(
        False, description="Also require the API key on read endpoints (search, documents)."
    )
    cors_origins: list[str] = Field(
        [],
        description="Origins allowed to call the API from a browser (JSON list), e.g. "
        '["https://lens.example.org"]; empty: same origin only.',
    )
    max_request_bytes: int = Field(
        50_000_000, ge=1_000, description="Largest request body accepted (uploads included)."
    )
    max_file_bytes: int = Field(
        200_000_000, ge=1, description="Files larger than this fail to ingest (bytes)."
    )
    max_document_chars: int = Field(
        5_000_000, ge=1, description="Documents whose text is longer fail to ingest (characters)."
    )
    max_part_bytes: int = Field(
        50_000_000,
        ge=1,
        description="Office files (DOCX, XLSX, ODT) with a part (a file in their ZIP) that "
        "unpacks to more than this fail to ingest, before it is unpacked (bytes).",
    )
    max_compression_ratio: int = Field(
        100,
        ge=1,
        description="Office files with a part over 10 MB unpacked, or parts together, that "
        "unpack to more than this many times their packed size fail to ingest, before anything "
        "is unpacked (zip bombs reach 300 to 1,000; the large parts of office files measured "
        "5 to 35).",
    )
    max_table_rows: int = Field(
        100_000,
        ge=1,
        description="Spreadsheets (XLSX, all sheets together) and CSV files with more rows "
        "than this fail to ingest, as soon as the row is reached.",
    )
    max_table_cells: int = Field(
        1_000_000,
        ge=1,
        description="Spreadsheets (XLSX, all sheets together) and CSV files with more cells "
        "than this fail to ingest, as soon as the cell is reached.",
    )
    max_paragraphs: int = Field(
        200_000,
        ge=1,
        description="Word (DOCX) and OpenDocument (ODT) files with more paragraphs than this "
        "(each table cell has its own) fail to ingest, counted before they are parsed.",
    )
    max_upload_files: int = Field(50, ge=1, le=10_000, description="Files per upload request.")
    max_document_tokens: int = Field(
        2_000_000,
        ge=1,
        description="Analysis of a document stops, and the document fails, past this many "
        "tokens (words and signs; prose has about one per 5.5 characters).",
    )
    max_analysis_seconds: float = Field(
        900,
        gt=0,
        description="Analysis of one document stops, and the document fails, after this many "
        "seconds (a 5-million-character text takes about 4 minutes on 2 cores).",
    )
    max_request_seconds: float = Field(
        50,
        gt=0,
        description="The API stops analysing for a request after this many seconds and says "
        "which files were not done (ingest longer documents with `policylens ingest`).",
    )
    host: str = Field("127.0.0.1", description="Address `policylens serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `policylens serve` listens on.")
    server_workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Processes `policylens serve` answers requests with. One process answers "
        "one request's Python at a time; with two on two cores, 32 clients got about a third "
        "more requests answered. Each loads its own models for uploads (~0.5 GB a language); "
        "a write in one is seen by the others within a second.",
    )
    detector: Literal["lingua", "langdetect"] = Field(
        "lingua", description="Language detector: lingua (accurate, default) or langdetect."
    )
    detect_languages: list[str] = Field(
        list(DEFAULT_LANGUAGES),
        description="ISO 639-1 codes the detector chooses among; fewer is faster and smaller.",
    )
    min_language_confidence: float = Field(
        0.5, ge=0, le=1, description="Below this confidence a document's language is null."
    )
    spacy_models: dict[str, str] = Field(
        dict(DEFAULT_MODELS),
        description="spaCy pipeline per language; 'blank:xx' is a tokenizer with rules only.",
    )
    ner_model: str | None = Field(
        None,
        description="Optional transformers NER model (needs pip install -e '.[transformers]'): "
        "a local directory or a model id already in the Hugging Face cache; never downloaded. "
        "Its entities join spaCy's and the rules'. Unset: spaCy and rules only.",
    )
    batch_size: int = Field(32, ge=1, le=10_000, description="Documents per nlp.pipe batch.")
    index_batch_size: int = Field(
        256,
        ge=1,
        le=100_000,
        description="Documents written to the index per commit during ingest (a crash loses "
        "at most one uncommitted batch; ingesting again mends it).",
    )
    ingest_workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Processes that analyse documents during `policylens ingest` (one per "
        "core is fastest; each loads its own models, ~0.5 GB).",
    )
    ocr: OcrMode = Field(
        "auto",
        description="OCR of scanned pages with Tesseract: auto (pages without a usable text "
        "layer, and images), always (every page), never.",
    )
    ocr_workers: int = Field(
        2, ge=1, le=64, description="Pages OCR'd at once (one Tesseract process each)."
    )
    ocr_dpi: int = Field(
        300, ge=100, le=600, description="Resolution PDF pages are rendered at for OCR."
    )
    es_index: str = Field(
        "policylens", pattern=r"^[a-z0-9][a-z0-9_.-]*$", description="Elasticsearch alias name."
    )
    es_api_key: SecretStr | None = Field(None, description="Elasticsearch API key (encoded).")
    es_username: str | None = Field(None, description="Elasticsearch user (basic auth).")
    es_password: SecretStr | None = Field(None, description="Elasticsearch password.")
    es_ca_certs: Path | None = Field(None, description="CA bundle to verify the cluster's TLS.")
    es_timeout: float = Field(
        30, gt=0, description="Seconds before an Elasticsearch request fails."
    )
    es_max_retries: int = Field(3, ge=0, le=20, description="Retries on connection errors and 429.")

    @model_validator(mode="after")
    def _default_search_url(self) -> Settings:
        if not self.search_url:
            self.search_url = f"tantivy://{self.data_dir / 'index'}"
        return self

    def read_limits(self) -> ReadLimits:
        """The bounds every reader of files applies (CLI, upload, workers)."""
        return ReadLimits(
            max_file_bytes=self.max_file_bytes,
            max_document_chars=self.max_document_chars,
            max_part_bytes=self.max_part_bytes,
            max_compression_ratio=self.max_compression_ratio,
            max_table_rows=self.max_table_rows,
            max_table_cells=self.max_table_cells,
            max_paragraphs=self.max_paragraphs,
        )

    def analysis_budget(
        self, *, request: bool = False, cancelled: threading.Event | None = None
    ) -> Budget:
        """What each document's analysis may spend; for an API `request`, also the time left
        to answer it, and the event its client's going away sets."""
        deadline = time.monotonic() + self.max_request_seconds if request else None
        return Budget(
            max_seconds=self.max_analysis_seconds,
            max_tokens=self.max_document_tokens,
            deadline=deadline,
            cancelled=cancelled,
        )

    def ocr_options(self) -> OcrOptions:
        """How scans are read; results are cached under DATA_DIR/ocr-cache by content hash."""
        return OcrOptions(
            mode=self.ocr,
            cache_dir=self.data_dir / "ocr-cache",
            workers=self.ocr_workers,
            dpi=self.ocr_dpi,
            # Pages run side by side already; Tesseract's OpenMP threads would only contend.
            environment={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )

    def elasticsearch_options(self) -> dict[str, object]:
        """Client options for an http(s) search_url (ignored by the embedded index)."""
        options: dict[str, object] = {
            "alias": self.es_index,
            "request_timeout": self.es_timeout,
            "max_retries": self.es_max_retries,
        }
        if self.es_api_key:
            options["api_key"] = self.es_api_key.get_secret_value()
        if self.es_username and self.es_password:
            options["basic_auth"] = (self.es_username, self.es_password.get_secret_value())
        if self.es_ca_certs:
            options["ca_certs"] = str(self.es_ca_certs)
        return options

    def describe(self) -> list[tuple[str, str, str]]:
        """(name, current value, description) for every setting; secrets masked."""
        rows = []
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            shown = "(set)" if isinstance(value, SecretStr) else str(value)
            rows.append((name, shown, field.description or ""))
        return rows
