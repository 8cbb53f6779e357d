"""Test helpers shared across test folders: the osmem-server transport shim, a small
thesaurus, PDFs written page by page, the figures a quote overlaps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from elastic_transport import Urllib3HttpNode
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from ingest.model import Figure
from nlp.figures import find_figures
from nlp.thesaurus import Concept, Thesaurus
from search.backend import SearchBackend
from search.open import open_backend


class PlainJsonNode(Urllib3HttpNode):
    """Test-only transport shim: osmem-server answers 406 to the client's compatibility type.

    The official client sends `application/vnd.elasticsearch+json; compatible-with=8`;
    osmem-server only takes plain JSON (and NDJSON for bulk and msearch). Real clusters need
    no shim.
    """

    def perform_request(self, method: str, target: str, *args: Any, **kwargs: Any) -> Any:
        headers = dict(kwargs.get("headers") or {})
        bulk = "_bulk" in target or "_msearch" in target
        for name in list(headers):
            if name.lower() in ("content-type", "accept"):
                del headers[name]
        headers["accept"] = "application/json"
        headers["content-type"] = "application/x-ndjson" if bulk else "application/json"
        kwargs["headers"] = headers
        return super().perform_request(method, target, *args, **kwargs)


def osmem_backend(url: str, **options: Any) -> SearchBackend:
    """A backend on an osmem-server clone, through the shim."""
    return open_backend(url, node_class=PlainJsonNode, **options)


def concept(
    id: str, en: list[str], fr: list[str], it: list[str], broader: tuple[str, ...] = ()
) -> Concept:
    """A concept with these labels (the first of each list is preferred)."""
    labels = {
        code: {"pref": names[0], "alt": names[1:]}
        for code, names in (("en", en), ("fr", fr), ("it", it))
    }
    return Concept.model_validate({"id": id, "broader": list(broader), "labels": labels})


def small_thesaurus() -> Thesaurus:
    """Five concepts in three languages: enough to test matching and expansion."""
    return Thesaurus(
        [
            concept("addiction", ["drug addiction"], ["toxicomanie"], ["tossicodipendenza"]),
            concept(
                "addiction-treatment",
                ["drug addiction treatment", "addiction treatment"],
                ["traitement de la toxicomanie"],
                ["trattamento della tossicodipendenza"],
                broader=["addiction"],
            ),
            concept(
                "methadone",
                ["methadone"],
                ["méthadone"],
                ["metadone", "terapia metadonica"],
                broader=["addiction-treatment"],
            ),
            concept("hiv", ["HIV"], ["VIH"], ["HIV", "AIDS"]),
            concept(
                "homelessness", ["homelessness"], ["sans-abrisme", "sans-abri"], ["senza dimora"]
            ),
        ]
    )


def write_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str | None = None,
    encrypt: StandardEncryption | str | None = None,
) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        for row, line in enumerate(lines):
            pdf.drawString(72, 780 - 20 * row, line)
        if not lines:
            pdf.rect(100, 100, 200, 200)
        pdf.showPage()
    pdf.save()
    return path


def figures_overlapping(sentence: str, quote: str, language: str) -> list[Figure]:
    """The figures found in `sentence` that overlap the first occurrence of `quote`."""
    start = sentence.index(quote)
    end = start + len(quote)
    return [f for f in find_figures(sentence, language) if f.start < end and start < f.end]


def is_number(cell: str) -> bool:
    """Whether an exported cell reads as a number (a spreadsheet takes it as one)."""
    try:
        float(cell)
    except ValueError:
        return False
    return True
