"""How both backends index entities for the facet: "LABEL:key" terms, the names each key was
seen under, and the include patterns that pick entities by name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ingest.model import Document
from search.facets import FacetValue

# A key's names: "ORG:unodc<TAB>ONUDC". A tab never stays in a name (spans are trimmed and the
# whitespace inside is collapsed), and both regex dialects (Lucene's, tantivy's) take it as is.
_SEPARATOR = "\t"
_SPACES = re.compile(r"\s+")
# Keys are folded (letters, digits, spaces); anything else would be syntax in a pattern.
_PLAIN = re.compile(r"[a-z0-9 ]+")
# Letters of any script, digits and spaces: none is syntax in either regex dialect, so a key
# made of them ("são tomé") is looked up as it stands.
_WORDS = re.compile(r"[^\W_]+( [^\W_]+)*")
_LABELS = "(PER|ORG|LOC)"
# Per facet value, how many of its names are looked up and listed.
FORMS_PER_ENTITY = 10
_LONGEST_FORM = 200


def labelled_keys(document: Document) -> list[str]:
    """The "LABEL:key" terms of a document (MISC left out: too mixed to be worth a facet)."""
    return sorted({f"{e.label}:{e.key}" for e in document.entities if e.label != "MISC"})


def form_terms(document: Document) -> list[str]:
    """The "LABEL:key<TAB>name as written" terms of a document, one per distinct name."""
    terms = set()
    for entity in document.entities:
        if entity.label != "MISC":
            written = _SPACES.sub(" ", entity.text).strip()[:_LONGEST_FORM]
            terms.add(f"{entity.label}:{entity.key}{_SEPARATOR}{written}")
    return sorted(terms)


def forms_prefix(label: str, key: str) -> str:
    """The start every name term of this key has ("ORG:unodc<TAB>"): a prefix to look up."""
    return f"{label}:{key}{_SEPARATOR}"


def written_form(term: str) -> str:
    """The name as written, from one of the key's name terms."""
    return term.partition(_SEPARATOR)[2]


def entities_include(label: str | None, match: str, keys: Sequence[str]) -> str | None:
    """The include pattern of the entities facet: a label, and a key that contains `match`
    (folded text) or is one of `keys`; None when nothing narrows the facet."""
    labels = label or _LABELS
    match = match.strip()
    if not match and not keys:
        return f"{label}:.*" if label else None
    choices = [re.escape(key) for key in keys if _PLAIN.fullmatch(key)]
    if match:
        choices.append(f".*{match}.*" if _PLAIN.fullmatch(match) else "")
    # An empty alternative matches only the empty key, which no entity has.
    return f"{labels}:({'|'.join(choices)})"


# Both engines cap an include pattern: tantivy compiles it to at most 1000 automaton states
# (about one per character here), Elasticsearch takes 1000 characters (index.max_regex_length).
_PATTERN_CHARS = 600


def forms_aggregations(facets: Sequence[FacetValue], field: str) -> dict[str, Any]:
    """The terms aggregations that fetch the names of these facet values, one per value, so
    that a key written many ways never crowds out another's names (a shared aggregation's
    size did); {} when there is nothing to look up."""
    terms = [
        f"{facet.label}:{facet.value}"
        for facet in facets
        if facet.label and _WORDS.fullmatch(facet.value)
    ]
    return {
        f"{_FORMS}{number}": {
            "terms": {
                "field": field,
                "size": FORMS_PER_ENTITY,
                "include": f"{term}{_SEPARATOR}.*",
            }
        }
        for number, term in enumerate(terms)
        # A key longer than any name (a run of junk read as one) shows no names.
        if len(term) <= _PATTERN_CHARS
    }


def with_aggregated_forms(
    facets: list[FacetValue], field: str, aggregate: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[FacetValue]:
    """The facet values with their names, looked up by `forms_aggregations` run through
    `aggregate` (over the documents the caller chose)."""
    lookups = forms_aggregations(facets, field)
    return with_forms(facets, forms_buckets(aggregate(lookups))) if lookups else facets


def forms_buckets(aggregations: dict[str, Any]) -> list[dict[str, Any]]:
    """The buckets of every aggregation `forms_aggregations` asked for."""
    return [
        bucket
        for name, result in aggregations.items()
        if name.startswith(_FORMS)
        for bucket in result.get("buckets", [])
    ]


_FORMS = "forms"


def with_forms(facets: list[FacetValue], buckets: Iterable[dict[str, Any]]) -> list[FacetValue]:
    """The facet values with the names their keys were seen under, most documents first."""
    names: dict[str, list[str]] = {}
    for bucket in sorted(buckets, key=lambda b: -int(b["doc_count"])):
        labelled, _, written = str(bucket["key"]).partition(_SEPARATOR)
        names.setdefault(labelled, []).append(written)
    return [
        facet.model_copy(
            update={"forms": names.get(f"{facet.label}:{facet.value}", [])[:FORMS_PER_ENTITY]}
        )
        for facet in facets
    ]
