"""The publication date an HTML page's markup states: meta tags, JSON-LD, its article header."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ingest.published import header_date, plausible, stated_date

# The names (name=, property= or itemprop=) under which a page says when it was published:
# Open Graph and Facebook's article tags, schema.org, Dublin Core, Google Scholar, news CMSs.
_PUBLISHED_NAMES = frozenset(
    {
        "article:published_time", "og:published_time", "og:article:published_time",
        "datepublished", "dc.date.issued", "dcterms.issued", "dc.issued", "pubdate",
        "publishdate", "publish-date", "publish_date", "publication_date", "publication-date",
        "citation_publication_date", "citation_date", "parsely-pub-date", "sailthru.date",
    }
)  # fmt: skip
# Dates that do not say which they are: most sites put the publication there, some the last
# change, so they come after a stated publication date and the article header's <time>.
_UNQUALIFIED_NAMES = frozenset(
    {"date", "dc.date", "dcterms.date", "dc.date.created", "dcterms.created", "datecreated"}
)
# Left out on purpose: article:modified_time, og:updated_time, dateModified, DC.date.modified,
# last-modified. When a page last changed is not when it was published, and a page that gives
# only that has no publication date in its markup (its text may still state one).
_SKIPPED = frozenset({"nav", "aside", "footer", "form", "script", "style", "noscript", "template"})
# A class or id that marks a later change ("updated", "date-modified", "aggiornato").
_LATER = re.compile(r"updat|modif|revis|edited|aggiorn|mis-?a-?jour", re.IGNORECASE)
# A class or id that marks a date or a byline: "date", "post-date", "byline", "entry-meta".
_DATED = re.compile(r"date|byline|publi|posted|entry-meta|post-meta|article-meta", re.IGNORECASE)
# The article header ends where the body begins: at a paragraph this long, or once this much
# text has gone by.
_PARAGRAPH_CHARS = 100
_HEADER_CHARS = 600
# JSON-LD objects looked at, at most: a page's own objects are few; a feed of thousands is not
# the page's date.
_MAX_OBJECTS = 200
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parse(markup: str) -> Any | None:
    try:
        # lxml refuses text that declares its own encoding; the text is already decoded.
        return lxml_html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1))
    except (ValueError, etree.LxmlError):  # empty, or not markup at all
        return None


def _attribute(element: Any, *names: str) -> str:
    for name in names:
        value = element.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _names(element: Any) -> str:
    return f"{_attribute(element, 'class')} {_attribute(element, 'id')}"


def _meta(root: Any, names: frozenset[str]) -> Iterator[str]:
    """The content of the <meta> tags of these names, in page order."""
    for element in root.iter("meta"):
        key = _attribute(element, "name", "property", "itemprop", "http-equiv").lower()
        if key in names:
            yield _attribute(element, "content")


def _json_ld_objects(root: Any) -> Iterator[dict[str, Any]]:
    """The page's own JSON-LD objects: those at the top of each script and in its @graph.

    Objects inside them (the site it is part of, an article it cites) have dates of their own.
    """
    count = 0
    for script in root.iter("script"):
        if _attribute(script, "type").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):  # a broken script costs its own dates only
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict):
                continue
            graph = item.get("@graph")
            for found in [item, *(graph if isinstance(graph, list) else [])]:
                if isinstance(found, dict) and (count := count + 1) <= _MAX_OBJECTS:
                    yield found


def _json_ld(root: Any, key: str) -> Iterator[str]:
    for item in _json_ld_objects(root):
        if isinstance(value := item.get(key), str):
            yield value


def _declared_published(root: Any) -> Iterator[str]:
    """Dates the markup names as the publication's: meta tags, JSON-LD, microdata, pubdate."""
    yield from _meta(root, _PUBLISHED_NAMES)
    yield from _json_ld(root, "datePublished")
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag == "meta":
            continue
        if "datepublished" in _attribute(element, "itemprop").lower().split() or (
            element.tag == "time" and element.get("pubdate") is not None
        ):
            yield _attribute(element, "datetime", "content") or element.text_content()[:100]


def _header(root: Any) -> list[Any]:
    """The elements of the article's header, in page order: from the top of the <article> (or
    <main>; in a page with neither, from its first <h1>) to the first paragraph of its body.

    A page with none of the three has no header that can be told from the site's banner, where
    the date shown is often today's.
    """
    scope = next(root.iter("article"), None)
    if scope is None:
        scope = next(root.iter("main"), None)
    start = None
    if scope is None:
        scope = root
        start = next(root.iter("h1"), None)
        if start is None:
            return []
    elements: list[Any] = []
    text = 0
    skipping = 0  # open elements that are not the article's (navigation, asides, scripts)
    started = start is None
    for event, element in etree.iterwalk(scope, events=("start", "end")):
        if not isinstance(element.tag, str):  # comments and processing instructions
            continue
        if event == "end":
            skipping -= element.tag in _SKIPPED
            text += len((element.tail or "").strip())
            continue
        skipping += element.tag in _SKIPPED
        started = started or element is start
        if not started or skipping:
            continue
        if element.tag == "p" and len(element.text_content()) >= _PARAGRAPH_CHARS:
            break
        text += len((element.text or "").strip())
        if text > _HEADER_CHARS:
            break
        elements.append(element)
    return elements


def _header_times(header: Iterable[Any]) -> Iterator[str]:
    for element in header:
        if element.tag == "time" and not _LATER.search(_names(element)):
            yield _attribute(element, "datetime") or element.text_content()[:100]


def _header_lines(header: Iterable[Any]) -> Iterator[str]:
    """The text of the header's date and byline elements ("Publié le 5 mars 2024")."""
    for element in header:
        names = _names(element)
        if element.tag != "time" and _DATED.search(names) and not _LATER.search(names):
            yield " ".join(element.text_content().split())[:200]


def markup_published(markup: str, today: dt.date | None = None) -> dt.date | None:
    """The publication date an HTML page's markup states, or None.

    In this order: a date the markup names as the publication's (Open Graph, schema.org in
    JSON-LD or microdata, Dublin Core "issued", <time pubdate>); a <time> in the article's
    header; a date that says not which it is (<meta name="date">, DC.date, dateCreated); a
    date or byline line in the article's header. A modified date is never taken, nor a
    date from the body. Dates that cannot be a publication's (see `plausible`) are passed over.
    """
    root = _parse(markup)
    if root is None:
        return None
    header = _header(root)
    for value in chain(
        _declared_published(root),
        _header_times(header),
        _meta(root, _UNQUALIFIED_NAMES),
        _json_ld(root, "dateCreated"),
    ):
        day = stated_date(value)
        if day is not None and plausible(day, today):
            return day
    for line in _header_lines(header):
        day = header_date(line)
        if day is not None and plausible(day, today):
            return day
    return None
