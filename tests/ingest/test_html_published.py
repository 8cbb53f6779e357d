"""The publication date of HTML pages: meta tags, JSON-LD, the article header, never the body."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.html_published import markup_published
from ingest.model import Document
from ingest.sources import read_documents

TODAY = dt.date(2025, 6, 1)
BODY = {
    "fr": "La région a ouvert deux centres de soins en addictologie et recruté douze "
    "infirmiers pour accompagner les patients suivis en ville.",
    "it": "La Regione ha aperto due nuovi servizi per le dipendenze e assunto dodici "
    "infermieri per seguire i pazienti in trattamento sul territorio.",
    "en": "The council opened two new addiction clinics and hired twelve nurses to follow "
    "the patients treated in the community over the coming year.",
}


def page(head: str = "", header: str = "", body: str = BODY["fr"], after: str = "") -> str:
    return (
        f"<!doctype html><html><head><title>Titre</title>{head}</head><body>"
        f"<nav><span class='date'>Lundi 2 juin 2025</span></nav>"
        f"<article><h1>Titre</h1>{header}<p>{body}</p><p>{body}</p>{after}</article>"
        "<footer>Mis à jour le 02/02/2025</footer></body></html>"
    )


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # Declared as the publication's, whatever else the page declares.
        (page('<meta property="article:published_time" content="2024-03-05T08:00:00+01:00">'),
         "2024-03-05"),
        (page('<meta property="article:modified_time" content="2025-01-10">'
              '<meta property="article:published_time" content="2024-03-05">'), "2024-03-05"),
        (page('<meta name="DC.date.issued" content="05/03/2024">'), "2024-03-05"),
        (page('<meta name="pubdate" content="20240305">'), "2024-03-05"),
        (page('<script type="application/ld+json">{"@type": "NewsArticle", "dateModified":'
              ' "2025-01-10", "datePublished": "2024-03-05T10:00:00Z"}</script>'), "2024-03-05"),
        (page('<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, '
              '{"@type": "Article", "datePublished": "2024-03-05"}]}</script>'), "2024-03-05"),
        (page(header='<span itemprop="datePublished" content="2024-03-05">5 mars</span>'),
         "2024-03-05"),
        (page(after='<time pubdate datetime="2024-03-05"></time>'), "2024-03-05"),
        # A <time> in the article's header, before a date that says not which it is.
        (page('<meta name="date" content="2025-01-10">',
              '<header><time datetime="2024-03-05T09:30">5 mars 2024</time></header>'),
         "2024-03-05"),
        (page(header='<time class="updated" datetime="2025-01-10">10 janv.</time>'
                     '<time datetime="2024-03-05">5 mars</time>'), "2024-03-05"),
        (page('<meta name="date" content="2024-03-05">'), "2024-03-05"),
        (page('<meta name="DC.date" content="2024-03-05">'), "2024-03-05"),
        # Date and byline lines of the header, in each language.
        (page(header='<div class="date">5 mars 2024</div>'), "2024-03-05"),
        (page(header='<p class="byline">Publié le 05/03/2024 à 10h</p>'), "2024-03-05"),
        (page(header='<div class="post-meta">di Lucia Ferri | 12 gennaio 2024</div>',
              body=BODY["it"]), "2024-01-12"),
        (page(header='<p class="byline">By Amy Clarke · 19 July 2023</p>', body=BODY["en"]),
         "2023-07-19"),
        # An epoch is a CMS with no date: the next declaration is taken.
        (page('<meta property="article:published_time" content="1970-01-01T00:00:00Z">'
              '<meta name="date" content="2024-03-05">'), "2024-03-05"),
    ],
)  # fmt: skip
def test_dates_the_markup_states(markup: str, expected: str) -> None:
    assert markup_published(markup, TODAY) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    "markup",
    [
        # Only when the page last changed: no publication date.
        page('<meta property="article:modified_time" content="2025-01-10">'),
        page('<meta http-equiv="last-modified" content="Fri, 10 Jan 2025 08:00:00 GMT">'),
        page('<script type="application/ld+json">{"dateModified": "2025-01-10"}</script>'),
        page(header='<div class="date-updated">Mis à jour le 10/01/2025</div>'),
        # Dates of the body, of the navigation and of the footer (see page()).
        page(after='<p>Le <time datetime="2019-05-02">2 mai 2019</time>, la loi a changé.</p>'),
        page(after='<span class="date">5 mars 2024</span>'),
        page(),
        # In the future, broken, or not markup at all.
        page('<meta property="article:published_time" content="2031-01-01">'),
        page('<script type="application/ld+json">{"datePublished": "2024-03-05",,}</script>'),
        page('<meta property="article:published_time" content="hier">'),
        "",
        "\x00\x01\x02",
    ],
)
def test_no_date_from_the_body_later_changes_or_bad_markup(markup: str) -> None:
    assert markup_published(markup, TODAY) is None


def test_a_page_without_article_reads_its_header_from_the_first_heading() -> None:
    banner = "<header><div class='date'>Lundi 2 juin 2025</div></header>"
    markup = f"<html><body>{banner}<h1>Titre</h1><p class='date'>5 mars 2024</p><p>{BODY['fr']}</p>"
    assert markup_published(markup, TODAY) == dt.date(2024, 3, 5)
    assert markup_published(f"<html><body>{banner}<p>{BODY['fr']}</p>", TODAY) is None


def test_deeply_nested_and_large_pages_are_read_quickly() -> None:
    nested = "<html><body>" + "<div>" * 20_000 + "x" + "</div>" * 20_000 + "</body></html>"
    assert markup_published(nested, TODAY) is None
    large = page(body=BODY["fr"] * 2_000, header="<time datetime='2024-03-05'></time>")
    assert markup_published(large, TODAY) == dt.date(2024, 3, 5)


def _read(tmp_path: Path, markup: str) -> Document:
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    [document] = read_documents([path], base=tmp_path)
    assert isinstance(document, Document)
    return document


@pytest.mark.parametrize(
    ("first_paragraph", "expected"),
    [
        ("Pubblicato il 3 marzo 2024", dt.date(2024, 3, 3)),
        (f"Nantes, 14 novembre 2023 – {BODY['fr']}", dt.date(2023, 11, 14)),
        (f"Glasgow, 2 October 2024 — {BODY['en']}", dt.date(2024, 10, 2)),
        (BODY["fr"], None),
    ],
)
def test_a_page_whose_markup_has_no_date_takes_its_text_dateline(
    tmp_path: Path, first_paragraph: str, expected: dt.date | None
) -> None:
    markup = page('<meta property="article:modified_time" content="2025-01-10">',
                  header=f"<p>{first_paragraph}</p>")  # fmt: skip
    assert _read(tmp_path, markup).published == expected


def test_the_markup_date_wins_over_the_text(tmp_path: Path) -> None:
    markup = page('<meta property="article:published_time" content="2024-03-05">',
                  header="<p>Nantes, 14 novembre 2023 – La région a voté.</p>")  # fmt: skip
    assert _read(tmp_path, markup).published == dt.date(2024, 3, 5)
