"""Exceptions raised by the nlp package."""


class NlpError(Exception):
    """Base class for NLP errors."""


class ModelNotInstalled(NlpError):
    """A spaCy pipeline named by the configuration is not installed."""
