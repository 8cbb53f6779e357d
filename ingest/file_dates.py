"""When a file's metadata says it was made (PDF, OOXML, OpenDocument), if that can stand for
when it was published."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib

from ingest.published import EARLIEST, plausible, stated_date

# A file's creation date is a machine's stamp, not the author's word: it is taken only when
# the text states no date at its top (ingest/sources.py), and only when it can be right.
#
# PDF 1.0 came out in June 1993: an earlier creation date is a clock that was never set.
PDF_EARLIEST = dt.date(1993, 6, 1)
# A .docx saved from an old .doc keeps the .doc's creation date, so the 1990s are possible;
# before 1990 it is a default (1980-01-01 is the DOS and ZIP epoch, 1601 Windows').
OFFICE_EARLIEST = dt.date(1990, 1, 1)
# Reports are drafted for weeks or months. A file first saved more than a year before its
# last save began as another document (last year's report saved under a new name, a template
# filled in), and the date it was created is that document's.
_MAX_DRAFTING = dt.timedelta(days=365)
# Creation stamps of the templates libraries make new files from, carried into every one of
# them: python-docx's default document.
_TEMPLATE_STAMPS = frozenset({dt.datetime(2013, 12, 23, 23, 15)})

_DCTERMS = "{http://purl.org/dc/terms/}"
_XMP = "{http://ns.adobe.com/xap/1.0/}"
# PRISM, the publishing industry's XMP schema, in its versions (1.2 to 3.0).
_PRISM = "{http://prismstandard.org/namespaces/"
_PDF_DATE = re.compile(r"(?:D:)?\s*([12][0-9]{3})([01][0-9])([0-3][0-9])")
_CORE_PART = "docProps/core.xml"
# Metadata is a few kilobytes; more is not metadata to parse (an XMP packet with thumbnails
# stays well under this).
_MAX_METADATA_BYTES = 2_000_000

# A damaged archive member: a bad CRC or deflate stream, a compression method zipfile lacks.
DAMAGED_MEMBER = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
)
# A missing or damaged part, or an encrypted one.
_UNREADABLE = (KeyError, RuntimeError, *DAMAGED_MEMBER)

Moment = dt.datetime | dt.date


def _day(moment: Moment) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def moment(value: str | None) -> Moment | None:
    """The date and time of an ISO 8601 metadata value, or only its day when the time is odd
    (nanoseconds, a zone fromisoformat cannot read); None when it is not a date."""
    if not value or not value.strip():
        return None
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return stated_date(value)


def office_created(
    created: Moment | None, modified: Moment | None, today: dt.date | None = None
) -> dt.date | None:
    """The day an Office or OpenDocument file was created, when it can stand for the day it was
    published: not a template's stamp, not long before the file's last save, and plausible."""
    if created is None:
        return None
    if isinstance(created, dt.datetime) and created.replace(tzinfo=None) in _TEMPLATE_STAMPS:
        return None
    day = _day(created)
    if modified is not None and _day(modified) - day > _MAX_DRAFTING:
        return None
    return day if plausible(day, today, OFFICE_EARLIEST) else None


def parse_metadata(xml: bytes) -> ET.Element | None:
    """A metadata part's XML, or None when it is too large, declares entities, or is broken."""
    # ElementTree expands internal entities, and a few nested ones make gigabytes; metadata
    # never needs a DTD.
    if len(xml) > _MAX_METADATA_BYTES or b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return None
    try:
        return ET.fromstring(xml)
    except ET.ParseError:
        return None


def ooxml_created(data: bytes, today: dt.date | None = None) -> dt.date | None:
    """The creation date in a .docx or .xlsx file's core properties (see `office_created`).

    Read here, not from python-docx or openpyxl: they put in a date of their own where the
    file has none (openpyxl today's, python-docx its template's).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(_CORE_PART)
            if info.file_size > _MAX_METADATA_BYTES:
                return None
            root = parse_metadata(archive.read(info))
    except _UNREADABLE:
        return None  # no core properties, or a damaged part: the file's text is still read
    if root is None:
        return None
    created, modified = (root.find(f"{_DCTERMS}{name}") for name in ("created", "modified"))
    return office_created(
        moment(created.text if created is not None else None),
        moment(modified.text if modified is not None else None),
        today,
    )


def pdf_date(value: object) -> dt.date | None:
    """The day of a PDF date ("D:20231114083000+07'00'"), as written, not moved to UTC."""
    if isinstance(value, bytes):  # a byte string, as some producers write it
        value = value.decode("latin-1")
    if not isinstance(value, str) or not (match := _PDF_DATE.match(value.strip())):
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _xmp_values(root: ET.Element) -> dict[str, str]:
    """Every property of an XMP packet by its {namespace}name, written as an element or as an
    attribute of rdf:Description (both are allowed); the first of each."""
    values: dict[str, str] = {}
    for element in root.iter():
        if element.text and element.text.strip():
            values.setdefault(element.tag, element.text.strip())
        for name, value in element.attrib.items():
            values.setdefault(name, value)
    return values


def xmp_dates(packet: bytes | None) -> tuple[dt.date | None, dt.date | None]:
    """(publication, creation) days an XMP packet states: PRISM's publicationDate or
    coverDate, which publishers set, and xmp:CreateDate."""
    root = parse_metadata(packet) if packet else None
    if root is None:
        return None, None
    values = _xmp_values(root)
    published = next(
        (
            stated_date(value)
            for name, value in values.items()
            if name.startswith(_PRISM) and name.endswith(("}publicationDate", "}coverDate"))
        ),
        None,
    )
    created = moment(values.get(f"{_XMP}CreateDate"))
    return published, _day(created) if created is not None else None


def pdf_dates(
    info_created: object, packet: bytes | None, today: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """(publication, creation) days of a PDF: the publication date its XMP states, and the
    creation date of its Info dictionary (else its XMP), each when plausible."""
    published, xmp_created = xmp_dates(packet)
    created = pdf_date(info_created) or xmp_created
    return (
        published if published is not None and plausible(published, today, EARLIEST) else None,
        created if created is not None and plausible(created, today, PDF_EARLIEST) else None,
    )
