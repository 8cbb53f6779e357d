"""The XLSX and CSV readers: every row keeps its header, on files written per test."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ingest import zipped
from ingest.errors import ReaderError
from ingest.extracted import ReadContext, ReadLimits
from ingest.tables import read_csv, read_xlsx


def context(path: Path) -> ReadContext:
    return ReadContext(name=path.name)


def limited(path: Path, **limits: int) -> ReadContext:
    return ReadContext(name=path.name, limits=ReadLimits(**limits))


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- XLSX ---------------------------------------------------------------------------------------


def write_xlsx(path: Path, *, title: str | None = "Indicateurs 2023") -> Path:
    workbook = openpyxl.Workbook()
    if title:
        workbook.properties.title = title
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Provinces"
    sheet.append([None])
    sheet.append(["Province", "Toxicomanes", "Taux", "Relevé", None, "Actif"])
    sheet.append(["Bolzano", 3810, 0.125, dt.datetime(2023, 9, 30), None, True])
    sheet["C3"].number_format = "0.0%"
    sheet.append(["Trento", 3810.0, 0.1 + 0.2, dt.datetime(2023, 9, 30, 14, 30), "", False])
    sheet.append([])
    sheet.append(["Total\nprovinces", "=B3+B4", 12.5, dt.date(2023, 10, 1)])
    italia = workbook.create_sheet("Italia")
    italia.append(["Regione", None, "Operatori"])
    italia.append(["Lazio", "nota", 68, "fuori tabella"])
    workbook.create_sheet("Vuoto")
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl writes formulas without a value; Excel would have saved the one it computed.
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<f>B3+B4</f><v></v>" in data
                data = data.replace(b"<f>B3+B4</f><v></v>", b"<f>B3+B4</f><v>7620</v>")
                # Some writers declare the whole grid; it must not be padded to its size.
                assert b'<dimension ref="A1:F6"/>' in data
                data = data.replace(
                    b'<dimension ref="A1:F6"/>', b'<dimension ref="A1:XFD1048576"/>'
                )
            target.writestr(item, data)
    return path


XLSX_TEXT = "\n".join(
    [
        "Provinces",
        "Province; Toxicomanes; Taux; Relevé; column 5; Actif",
        "Province: Bolzano; Toxicomanes: 3810; Taux: 12.5%; Relevé: 2023-09-30; Actif: TRUE",
        "Province: Trento; Toxicomanes: 3810; Taux: 0.3; Relevé: 2023-09-30 14:30; Actif: FALSE",
        "Province: Total provinces; Toxicomanes: 7620; Taux: 12.5; Relevé: 2023-10-01",
        "",
        "Italia",
        "Regione; column 2; Operatori",
        "Regione: Lazio; column 2: nota; Operatori: 68; column 4: fuori tabella",
    ]
)


def test_xlsx_rows_keep_their_headers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "indicateurs.xlsx")
    started = time.perf_counter()
    extracted = read_xlsx(path.read_bytes(), context(path))
    assert time.perf_counter() - started < 2
    assert extracted.text == XLSX_TEXT
    assert extracted.title == "Indicateurs 2023"
    assert extracted.published is None


def test_xlsx_without_title(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sans-titre.xlsx", title=None)
    assert read_xlsx(path.read_bytes(), context(path)).title is None


def test_xlsx_rows_over_the_limit_fail_the_workbook_by_name(tmp_path: Path) -> None:
    # Provinces has five rows in its file (its empty fifth is not written), Italia two.
    path = write_xlsx(tmp_path / "long.xlsx")
    data = path.read_bytes()
    assert "Regione: Lazio" in read_xlsx(data, limited(path, max_table_rows=7)).text
    with pytest.raises(ReaderError) as caught:
        read_xlsx(data, limited(path, max_table_rows=6))
    assert str(caught.value) == (
        "sheet 'Italia' takes the workbook to more than the 6 rows allowed (setting max_table_rows)"
    )


def test_office_files_that_unpack_too_large_are_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "gonfle.xlsx")
    monkeypatch.setattr(zipped, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ReaderError, match=r"^not a valid XLSX: it would unpack to [\d,]+ bytes"):
        read_xlsx(path.read_bytes(), context(path))


def test_xlsx_not_a_zip(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "ancien.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    with pytest.raises(ReaderError, match=r"^not a valid XLSX: not a ZIP archive"):
        read_xlsx(path.read_bytes(), context(path))


def test_xlsx_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "document.xlsx"
    with zipfile.ZipFile(path, "w") as archive:  # a ZIP, but of a text document
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(ReaderError, match=r"^not a valid XLSX: "):
        read_xlsx(path.read_bytes(), context(path))


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Commune;Toxicomanes;Taux\r\nMarseille;3 810;12,5 %\r\n;;\r\nNice;1 204;\r\n",
            [
                "Commune; Toxicomanes; Taux",
                "Commune: Marseille; Toxicomanes: 3 810; Taux: 12,5 %",
                "Commune: Nice; Toxicomanes: 1 204",
            ],
        ),
        (
            'Région,Commentaire\nProvence,"l\'Observatoire note une hausse, nette"\n'
            "Corse,l'île reste stable\n",
            [
                "Région; Commentaire",
                "Région: Provence; Commentaire: l'Observatoire note une hausse, nette",
                "Région: Corse; Commentaire: l'île reste stable",
            ],
        ),
        (
            "Regione\tOperatori\t\nLazio\t68\tnota\n",
            ["Regione; Operatori", "Regione: Lazio; Operatori: 68; column 3: nota"],
        ),
        (
            "Provincia|Casi\nBolzano|3810\nTrento|2 950\n",
            ["Provincia; Casi", "Provincia: Bolzano; Casi: 3810", "Provincia: Trento; Casi: 2 950"],
        ),
        (
            "Commune\nMarseille\nNice\n",
            ["Commune", "Commune: Marseille", "Commune: Nice"],
        ),
    ],
)
def test_csv_rows_keep_their_headers(tmp_path: Path, source: str, expected: list[str]) -> None:
    path = write_bytes(tmp_path / "table.csv", source.encode("utf-8"))
    extracted = read_csv(path.read_bytes(), context(path))
    assert extracted.text == "\n".join(expected)
    assert extracted.title is None


def test_csv_in_a_legacy_code_page(tmp_path: Path) -> None:
    source = "Année;Région;Décès\n2023;Provence-Alpes-Côte d'Azur;12,5\n"
    path = write_bytes(tmp_path / "ancien.csv", source.encode("cp1252"))
    assert read_csv(path.read_bytes(), context(path)).text.splitlines() == [
        "Année; Région; Décès",
        "Année: 2023; Région: Provence-Alpes-Côte d'Azur; Décès: 12,5",
    ]


def test_binary_csv_is_a_reader_error(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "binaire.csv", bytes(range(256)) * 4)
    with pytest.raises(ReaderError, match="binary"):
        read_csv(path.read_bytes(), context(path))
