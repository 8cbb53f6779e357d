"""Exceptions raised by the nlp package."""


class NlpError(Exception):
    """Base class for NLP errors."""


class ModelNotInstalled(NlpError):
    """A spaCy pipeline named by the configuration is not installed."""


class NerModelUnavailable(NlpError):
    """The transformers NER model named by the setting ner_model cannot be loaded."""
