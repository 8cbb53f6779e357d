"""The ODT and RTF readers, on files written per test, good and broken."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from ingest.errors import ReaderError
from ingest.extracted import ReadContext
from ingest.opendocument import read_odt
from ingest.rtf import read_rtf


def context(path: Path) -> ReadContext:
    return ReadContext(name=path.name)


# --- ODT ----------------------------------------------------------------------------------------

ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
ODT_BODY = """
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>
  <text:p>Ancien chiffre supprimé : 2 900 toxicomanes.</text:p>
</text:deletion></text:changed-region></text:tracked-changes>
<text:table-of-content><text:index-body>
  <text:p>Rapport annuel 2023<text:tab/>1</text:p>
</text:index-body></text:table-of-content>
<text:h text:outline-level="1">Rapport annuel 2023</text:h>
<text:p>Au 30 septembre 2023, la province comptait 3<text:s/>810 toxicomanes<text:note
 text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>
  <text:p>Source : Observatoire régional de santé, 2023.</text:p></text:note-body>
</text:note>.</text:p>
<text:p>Le taux atteint
    <text:span>12,5 %</text:span> chez les moins de 25 ans<office:annotation>
  <dc:creator>Relecteur</dc:creator><text:p>Vérifier ce chiffre</text:p>
</office:annotation>.</text:p>
<text:p>Colonne<text:tab/>valeur<text:line-break/>deuxième<text:s text:c="3"/>ligne</text:p>
<text:p/>
<text:p>   </text:p>
<text:list><text:list-item><text:p>68 professionisti operano nella provincia.</text:p>
  <text:list><text:list-item><text:p>Sous-point imbriqué.</text:p></text:list-item></text:list>
</text:list-item></text:list>
<table:table table:name="Chiffres"><table:table-row>
  <table:table-cell><text:p>Province</text:p></table:table-cell>
  <table:table-cell><text:p>Toxicomanes</text:p></table:table-cell>
</table:table-row><table:table-row>
  <table:table-cell><text:p>Bolzano</text:p></table:table-cell>
  <table:table-cell><text:p>3 810</text:p></table:table-cell>
</table:table-row></table:table>
<text:p>Voir la figure<draw:frame draw:name="Figure 1"><svg:desc>Texte alternatif</svg:desc>
  <draw:image><office:binary-data>iVBORw0KGgoAAAANSUhEUg==</office:binary-data></draw:image>
  <draw:text-box><text:p>Légende : hausse de 12 %.</text:p></draw:text-box>
</draw:frame> ci-dessous.</text:p>
"""
ODT_TEXT = "\n".join(
    [
        "Rapport annuel 2023",
        "Au 30 septembre 2023, la province comptait 3 810 toxicomanes.",
        "Le taux atteint 12,5 % chez les moins de 25 ans.",
        "Colonne\tvaleur\ndeuxième   ligne",
        "68 professionisti operano nella provincia.",
        "Sous-point imbriqué.",
        "Province",
        "Toxicomanes",
        "Bolzano",
        "3 810",
        "Voir la figure ci-dessous.",
        "Légende : hausse de 12 %.",
        "",
        "Source : Observatoire régional de santé, 2023.",
    ]
)


def content_xml(body: str = ODT_BODY) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODT_NAMESPACES}>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )


def meta_xml(title: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ODT_NAMESPACES}>'
        f"<office:meta><dc:title>{title}</dc:title><dc:date>2024-01-15T10:00:00</dc:date>"
        "<meta:creation-date>2019-03-01T09:00:00</meta:creation-date></office:meta>"
        "</office:document-meta>"
    )


def write_odt(
    path: Path,
    *,
    content: str | None = None,
    meta: str | None = None,
    mimetype: str = "application/vnd.oasis.opendocument.text",
    manifest: str | None = None,
) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        if content is not None:
            archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        if meta is not None:
            archive.writestr("meta.xml", meta)
        if manifest is not None:
            archive.writestr("META-INF/manifest.xml", manifest)
    return path


def test_odt_paragraphs_in_order_with_notes_last_and_title_from_meta(tmp_path: Path) -> None:
    path = write_odt(
        tmp_path / "rapport.odt",
        content=content_xml(),
        meta=meta_xml("Rapport sur les   addictions 2023"),
    )
    extracted = read_odt(path.read_bytes(), context(path))
    assert extracted.text == ODT_TEXT
    assert extracted.title == "Rapport sur les addictions 2023"
    assert extracted.published is None  # dc:date is the last save, not the publication
    assert extracted.attachments == ()


def test_odt_without_meta_has_no_title(tmp_path: Path) -> None:
    body = "<text:p>68 professionisti, il 12,5 % in più.</text:p>"
    path = write_odt(tmp_path / "breve.odt", content=content_xml(body))
    extracted = read_odt(path.read_bytes(), context(path))
    assert extracted.text == "68 professionisti, il 12,5 % in più."
    assert extracted.title is None


def test_odt_huge_space_count_is_capped(tmp_path: Path) -> None:
    body = '<text:p>a<text:s text:c="999999999"/>b</text:p>'
    path = write_odt(tmp_path / "espaces.odt", content=content_xml(body))
    assert read_odt(path.read_bytes(), context(path)).text == "a" + " " * 100 + "b"


def test_odt_deep_nesting_does_not_recurse(tmp_path: Path) -> None:
    depth = 5000
    body = "<text:section>" * depth + "<text:p>Au fond.</text:p>" + "</text:section>" * depth
    path = write_odt(tmp_path / "profond.odt", content=content_xml(body))
    assert read_odt(path.read_bytes(), context(path)).text == "Au fond."


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    f"<office:document-content {ODT_NAMESPACES}><office:body><office:text>"
    "<text:p>&lol2;</text:p></office:text></office:body></office:document-content>"
)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({}, "not a valid ODT: content.xml is missing"),
        ({"content": "<office:document-content><oops"}, "content.xml is not well-formed XML"),
        ({"content": BOMB}, "content.xml declares a DTD or entities"),
        (
            {
                "content": content_xml(),
                "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            },
            "not a valid ODT: a file of another kind (application/vnd.oasis.opendocument.spre",
        ),
        (
            {
                "content": content_xml(),
                "manifest": "<manifest:manifest><manifest:encryption-data/></manifest:manifest>",
            },
            "encrypted ODT (needs a password)",
        ),
        (
            {"content": f"<office:document-content {ODT_NAMESPACES}/>"},
            "content.xml has no office:text body",
        ),
    ],
)
def test_odt_broken_files_are_reader_errors(
    tmp_path: Path, kwargs: dict[str, str], reason: str
) -> None:
    path = write_odt(tmp_path / "casse.odt", **kwargs)
    with pytest.raises(ReaderError) as caught:
        read_odt(path.read_bytes(), context(path))
    assert reason in str(caught.value)
    assert "casse.odt" not in str(caught.value)


def test_odt_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "faux.odt"
    path.write_bytes(b"PK\x03\x04 ceci n'est pas une archive" * 10)
    with pytest.raises(ReaderError, match=r"^not a valid ODT: not a ZIP archive$"):
        read_odt(path.read_bytes(), context(path))


# --- RTF ----------------------------------------------------------------------------------------

RTF = rb"""{\rtf1\ansi\ansicpg1252\deff0
{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\fnil\fcharset204 Arial Cyr;}}
{\colortbl;\red0\green0\blue0;}
{\stylesheet{\s0 Normal;}}
{\info{\title Rapport sur la r\'e9duction des risques}{\author Observatoire}
{\creatim\yr2023\mo10\dy2}}
{\header\pard En-t\'eate courant\par}
{\*\generator Microsoft Word 16;}
\pard\plain\f0\fs24 Au 30 septembre 2023, la province comptait 3\~810 toxico\-manes.\par
L\u8217?Observatoire a recens\'e9 68 professionisti ; le taux atteint 12,5\~%.\par
Ligne un\line ligne deux\tab fin\par
{\pict\pngblip\picw10 89504e470d0a1a0a
0000000d49484452}{\*\blob\bin3 {}}}
{\field{\*\fldinst HYPERLINK "http://example.org"}{\fldrslt {\ul Lien vers le rapport}}}\par
Note de bas de page{\super\chftn}{\footnote\pard\plain {\super\chftn} Source : ORS, 2023.}\par
Emoji \u-10179?\u-8704? fin\par
\emdash\ldblquote cit\'e9\rdblquote\par
{\f1 \'cf\'f0\'e8\'e2\'e5\'f2}\par
\{accolades\} et \\barre\par
{\uc2 caf\u233\'3f\'3f}\par
{\listtext 1.\tab}Premier point\par
}"""
RTF_TEXT = "\n".join(
    [
        "Au 30 septembre 2023, la province comptait 3\u00a0810 toxicomanes.",
        "L’Observatoire a recensé 68 professionisti ; le taux atteint 12,5\u00a0%.",
        "Ligne un",
        "ligne deux fin",
        "Lien vers le rapport",
        "Note de bas de page",
        "Emoji \U0001f600 fin",
        "—“cité”",
        "Привет",
        "{accolades} et \\barre",
        "café",
        "Premier point",
        "",
        "Source : ORS, 2023.",
    ]
)


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_rtf_text_title_and_escapes(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "rapport.rtf", RTF)
    extracted = read_rtf(path.read_bytes(), context(path))
    assert extracted.text == RTF_TEXT
    assert extracted.title == "Rapport sur la réduction des risques"
    assert extracted.published is None


def test_rtf_truncated_file_keeps_what_was_read(tmp_path: Path) -> None:
    data = rb"{\rtf1\ansi Texte tronqu\'e9 au milieu\par {\b 68 professionisti"
    path = write_bytes(tmp_path / "tronque.rtf", data)
    assert read_rtf(path.read_bytes(), context(path)).text == (
        "Texte tronqué au milieu\n68 professionisti"
    )


def test_rtf_text_after_the_document_is_ignored(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "fin.rtf", b"{\\rtf1 Fin du rapport.}} garbage {\\par}\x00")
    assert read_rtf(path.read_bytes(), context(path)).text == "Fin du rapport."


def test_rtf_code_page_from_header(tmp_path: Path) -> None:
    data = rb"{\rtf1\ansi\ansicpg1250 Pr\'f9zkum v \'8aumav\'ec\par}"
    path = write_bytes(tmp_path / "cz.rtf", data)
    assert read_rtf(path.read_bytes(), context(path)).text == "Průzkum v Šumavě"


def test_rtf_without_text_is_empty(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "vide.rtf", rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\par\par}")
    extracted = read_rtf(path.read_bytes(), context(path))
    assert extracted.text == ""
    assert extracted.title is None


@pytest.mark.parametrize("data", [b"Juste du texte", b"", b"{\\rt", b"%PDF-1.4 {\\rtf1}"])
def test_not_rtf_is_a_reader_error(tmp_path: Path, data: bytes) -> None:
    path = write_bytes(tmp_path / "faux.rtf", data)
    with pytest.raises(ReaderError, match=r"^not a valid RTF: no \{\\rtf header$"):
        read_rtf(path.read_bytes(), context(path))


def test_rtf_large_file_reads_in_linear_time(tmp_path: Path) -> None:
    paragraph = rb"{\b\f0\fs24 Au 30 septembre 2023, 3\~810 toxicomanes\'e9.}\par" + b"\n"
    picture = b"{\\pict\\pngblip " + b"0123456789abcdef" * 64 + b"}\n"
    data = b"{\\rtf1\\ansi " + (paragraph * 20 + picture) * 500 + b"}"
    assert len(data) > 1_000_000
    path = write_bytes(tmp_path / "grand.rtf", data)
    started = time.perf_counter()
    text = read_rtf(path.read_bytes(), context(path)).text
    assert time.perf_counter() - started < 5
    assert text.count("\n") == 20 * 500 - 1
    assert text.startswith("Au 30 septembre 2023, 3\u00a0810 toxicomanesé.\n")
