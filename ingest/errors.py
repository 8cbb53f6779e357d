"""Exceptions raised by the ingest package."""


class IngestError(Exception):
    """Base class for ingest errors."""


class ReaderError(IngestError):
    """A file could not be read: the message names the reason, the caller adds the file."""


class UnsupportedFormat(ReaderError):
    """No reader handles this file's extension."""
