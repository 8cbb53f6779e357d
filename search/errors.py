"""Exceptions raised by search backends."""


class SearchError(Exception):
    """Base class for search errors."""


class InvalidQuery(SearchError):
    """The query string could not be parsed; the message says where."""


class BackendUnavailable(SearchError):
    """The index or cluster cannot be reached or opened; the message says why."""
