"""Which page of a paged document a search hit's snippet comes from."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from ingest.model import Page, page_finder

_MARK = re.compile(r"</?b>")


def snippet_page(text: str, pages: Sequence[dict[str, Any]], snippet: str) -> int | None:
    """The number of the page where the snippet's first highlighted term stands in `text`.

    `pages` are the stored record's (dicts with number, start, end); `snippet` the hit's HTML
    (text escaped, terms in <b>), which every backend cuts out of the stored text as it is.
    None when the document has fewer than two pages or the snippet is not found in it.
    """
    if len(pages) < 2 or not snippet:
        return None
    fragment = html.unescape(_MARK.sub("", snippet))
    start = text.find(fragment)
    if start < 0:
        return None
    marked = snippet.find("<b>")
    if marked > 0:
        start += len(html.unescape(_MARK.sub("", snippet[:marked])))
    return page_finder([Page.model_validate(page) for page in pages])(start)
