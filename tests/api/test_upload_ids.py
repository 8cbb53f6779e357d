"""No silent overwrite: an upload of a name another upload holds gets its own id unless it asks
to replace it, the same content again changes nothing, and a message's attachments follow it."""

from __future__ import annotations

from collections.abc import Collection
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app as cli
from api.services import Services, build_services
from api.settings import Settings
from api.upload_ids import Claims, Placed, place_upload, variant
from ingest.model import Document, Failure
from ingest.normalize import document_id

LYON = b"Le centre de Lyon a suivi 40 patients sous methadone."
BARI = b"Il centro di Bari ha seguito 75 pazienti in metadone."


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    data = tmp_path_factory.mktemp("upload-ids")
    return build_services(Settings(data_dir=data, _env_file=None))  # type: ignore[call-arg]


def _upload(client: TestClient, *files: tuple[str, bytes], **params: Any) -> dict[str, Any]:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    response = client.post("/api/documents/upload", files=parts, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert [r["id"] for r in body["results"]] == [d["id"] for d in body["documents"]]
    return body


def _total(client: TestClient, **params: Any) -> int:
    response = client.get("/api/search", params={"limit": 0, **params})
    assert response.status_code == 200, response.text
    total: int = response.json()["total"]
    return total


@pytest.mark.slow
def test_a_name_another_upload_holds_gets_its_own_id(client: TestClient) -> None:
    first = _upload(client, ("report.txt", LYON))
    assert first["results"] == [
        {
            "id": document_id("upload/report.txt"),
            "source": "upload/report.txt",
            "status": "new",
            "renamed_from": None,
        }
    ]
    second = _upload(client, ("report.txt", BARI))
    [result] = second["results"]
    assert result["status"] == "new" and result["renamed_from"] == "upload/report.txt"
    assert result["source"] == "upload/report~2.txt"
    assert result["id"] == document_id("upload/report~2.txt") != first["results"][0]["id"]
    # Both are there and both are found: the second overwrote nothing.
    for answer, words in ((first, "Lyon"), (second, "Bari")):
        stored = client.get(f"/api/documents/{answer['results'][0]['id']}").json()
        assert words in stored["text"]
        assert _total(client, q=words, source=stored["source"]) == 1
    # A third text under the name takes the next variant.
    third = _upload(client, ("report.txt", b"The Leeds clinic saw 120 patients."))
    assert third["results"][0]["source"] == "upload/report~3.txt"


@pytest.mark.slow
def test_replace_true_puts_the_new_content_in_place_of_the_old(client: TestClient) -> None:
    first = _upload(client, ("bilan.txt", LYON))
    second = _upload(client, ("bilan.txt", BARI), replace="true")
    [result] = second["results"]
    assert result == {**first["results"][0], "status": "replaced"}
    stored = client.get(f"/api/documents/{result['id']}").json()
    assert "Bari" in stored["text"] and stored["language"] == "it"
    assert _total(client, source="upload/bilan.txt") == 1
    assert _total(client, q="Lyon", source="upload/bilan.txt") == 0
    assert client.get(f"/api/documents/{document_id('upload/bilan~2.txt')}").status_code == 404


@pytest.mark.slow
def test_the_same_content_again_is_unchanged_and_kept_once(client: TestClient) -> None:
    first = _upload(client, ("note.txt", LYON), ("other.txt", BARI))
    again = _upload(client, ("note.txt", LYON))
    [result] = again["results"]
    assert result == {**first["results"][0], "status": "unchanged"}
    # The record answered is the one indexed, with its analysis.
    assert again["documents"][0] == first["documents"][0]
    assert again["documents"][0]["figures"][0]["value"] == 40
    assert _total(client, source="upload/note.txt") == 1
    assert client.get(f"/api/documents/{document_id('upload/note~2.txt')}").status_code == 404
    # With replace=true too: nothing to replace.
    forced = _upload(client, ("note.txt", LYON), replace="true")
    assert forced["results"][0]["status"] == "unchanged"
    # A renamed file sent once more is found at its variant, not copied a third time.
    _upload(client, ("other.txt", LYON))
    repeated = _upload(client, ("other.txt", LYON))
    assert repeated["results"][0]["source"] == "upload/other~2.txt"
    assert repeated["results"][0]["status"] == "unchanged"
    assert repeated["results"][0]["renamed_from"] == "upload/other.txt"
    assert client.get(f"/api/documents/{document_id('upload/other~3.txt')}").status_code == 404


def _message(subject: str, body: str, note: str) -> bytes:
    message = EmailMessage()
    message["From"] = "ors@example.org"
    message["Subject"] = subject
    message.set_content(body + "\n")
    message.add_attachment(note, filename="note.txt")
    inner = EmailMessage()
    inner["Subject"] = "Tableau"
    inner.set_content("Voici le tableau des centres.\n")
    inner.add_attachment("Province;Patients\nNghe An;3 810\n", filename="centres.csv")
    message.add_attachment(inner)
    return message.as_bytes()


@pytest.mark.slow
def test_a_renamed_message_carries_its_attachments(client: TestClient) -> None:
    first = _upload(
        client,
        ("rapport.eml", _message("Rapport", "Le centre a suivi 40 patients.", "Note de Lyon.")),
    )
    second = _upload(
        client,
        ("rapport.eml", _message("Rapport", "Le centre a suivi 55 patients.", "Note de Nice.")),
    )
    base = "upload/rapport~2.eml"
    assert {r["source"]: r["status"] for r in second["results"]} == {
        base: "new",
        f"{base}#note.txt": "new",
        f"{base}#Tableau.eml": "new",
        f"{base}#Tableau.eml#centres.csv": "new",
    }
    assert {r["renamed_from"] for r in second["results"]} == {"upload/rapport.eml"}
    stored = {
        r["source"]: client.get(f"/api/documents/{r['id']}").json() for r in second["results"]
    }
    message, nested = stored[base], stored[f"{base}#Tableau.eml"]
    note, table = stored[f"{base}#note.txt"], stored[f"{base}#Tableau.eml#centres.csv"]
    assert message["id"] == document_id(base)
    assert message["attachments"] == [note["id"], nested["id"]]
    assert note["attached_to"] == nested["attached_to"] == message["id"]
    assert nested["attachments"] == [table["id"]] and table["attached_to"] == nested["id"]
    assert "Nice" in note["text"]
    # The first message keeps its own attachments, which still point at it.
    old = client.get(f"/api/documents/{document_id('upload/rapport.eml')}").json()
    assert old["attachments"] == [
        document_id("upload/rapport.eml#note.txt"),
        document_id("upload/rapport.eml#Tableau.eml"),
    ]
    old_note = client.get(f"/api/documents/{old['attachments'][0]}").json()
    assert "Lyon" in old_note["text"] and old_note["attached_to"] == old["id"]
    assert {r["status"] for r in first["results"]} == {"new"}


@pytest.mark.slow
def test_jsonl_lines_follow_their_file_and_named_lines_keep_their_id(client: TestClient) -> None:
    lines = b'{"text": "Le centre de Lyon a suivi 40 patients."}\n{"text": "Bari: 75 pazienti."}\n'
    named = b'{"text": "Le centre de Vinh ferme.", "source": "baonghean/vinh"}\n'
    _upload(client, ("lot.jsonl", lines + named))
    changed = lines.replace(b"40", b"41")
    second = _upload(client, ("lot.jsonl", changed + named.replace(b"ferme", b"rouvre")))
    assert [(r["source"], r["status"], r["renamed_from"]) for r in second["results"]] == [
        ("upload/lot~2.jsonl#L1", "new", "upload/lot.jsonl"),
        ("upload/lot~2.jsonl#L2", "new", "upload/lot.jsonl"),
        # A line that names its source keeps it and replaces, as POST /api/documents does.
        ("baonghean/vinh", "replaced", None),
    ]
    assert _total(client, source="baonghean/vinh") == 1


@pytest.mark.slow
def test_the_cli_ingesting_a_path_again_replaces_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYLENS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.txt").write_bytes(LYON)
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "report.txt"]).exit_code == 0
    (tmp_path / "report.txt").write_bytes(BARI)
    assert runner.invoke(cli, ["ingest", "report.txt"]).exit_code == 0
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]
    [document] = list(build_services(settings).backend.iter_documents())
    assert document.id == document_id("report.txt") and "Bari" in document.text


# The choice itself, on an index that is a dict.


def _document(source: str, text: str = "Un texte.", **fields: Any) -> Document:
    return Document(id=document_id(source), source=source, text=text, **fields)


def test_variants_keep_the_folder_and_the_extension() -> None:
    assert variant("upload/a/report.pdf", 1) == "upload/a/report.pdf"
    assert variant("upload/a/report.pdf", 2) == "upload/a/report~2.pdf"
    assert variant("upload/lot.jsonl", 12) == "upload/lot~12.jsonl"


def test_ids_another_upload_in_progress_chose_are_not_taken() -> None:
    index: dict[str, Document] = {}
    mine = [("upload/report.txt", [_document("upload/report.txt", "Autre texte.")])]

    def choose(taken: Collection[str]) -> list[Placed | Failure]:
        return place_upload(mine, index.get, taken, replace=False)

    [placed] = choose({document_id("upload/report.txt")})
    assert isinstance(placed, Placed) and placed.document.source == "upload/report~2.txt"
    # Two uploads at once: each holds the id it chose until it ends.
    claims = Claims()
    with claims.choosing(choose) as one, claims.choosing(choose) as two:
        sources = [item.document.source for item in [*one, *two] if isinstance(item, Placed)]
    assert sources == ["upload/report.txt", "upload/report~2.txt"]
    with claims.choosing(choose) as later:
        assert isinstance(later[0], Placed) and later[0].document.source == "upload/report.txt"


def test_a_name_with_every_variant_taken_fails_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("api.upload_ids.MAX_VARIANTS", 3)
    index = {
        document_id(source): _document(source, f"Texte {number}.")
        for number, source in enumerate(["upload/r.txt", "upload/r~2.txt", "upload/r~3.txt"])
    }
    [failed] = place_upload(
        [("upload/r.txt", [_document("upload/r.txt", "Encore un.")])], index.get, (), False
    )
    assert isinstance(failed, Failure) and failed.source == "upload/r.txt"
    assert "3 documents of this name" in failed.reason
