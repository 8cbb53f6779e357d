"""A message or a JSONL file ingested again through the CLI replaces everything it held, even
when it spans several index commits; deleting a message through the API deletes what it carries."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.services import Services, build_services
from api.settings import Settings
from ingest.normalize import document_id

pytestmark = pytest.mark.slow


def _message(notes: int) -> bytes:
    message = EmailMessage()
    message["From"] = "Observatoire régional <ors@example.org>"
    message["Subject"] = "Notes sur la naloxone"
    message.set_content("Les notes jointes décrivent la distribution de naloxone.\n")
    for number in range(1, notes + 1):
        note = f"Le centre {number} a distribué {number * 10} kits de naloxone en 2023."
        message.add_attachment(note, filename=f"note-{number}.txt")
    return message.as_bytes()


def _feed(lines: int) -> str:
    return "".join(
        f'{{"text": "Le service {number} a suivi {number * 100} patients sous méthadone."}}\n'
        for number in range(1, lines + 1)
    )


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a message of five notes and a JSONL file of three lines, ingested."""
    monkeypatch.setenv("POLICYLENS_DATA_DIR", str(tmp_path / "data"))
    # Two documents a commit: the message and its attachments land in several.
    monkeypatch.setenv("POLICYLENS_INDEX_BATCH_SIZE", "2")
    monkeypatch.delenv("POLICYLENS_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "notes.eml").write_bytes(_message(notes=5))
    (folder / "feed.jsonl").write_text(_feed(lines=3), encoding="utf-8")
    _ingest(folder)
    notes = {f"inbox/notes.eml#note-{number}.txt" for number in range(1, 6)}
    lines = {f"inbox/feed.jsonl#L{number}" for number in range(1, 4)}
    assert _sources(tmp_path) == {"inbox/notes.eml"} | notes | lines
    return folder


def _ingest(folder: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", folder.name])
    assert result.exit_code == 0, result.output


def _services(tmp_path: Path) -> Services:
    return build_services(Settings(data_dir=tmp_path / "data", _env_file=None))  # type: ignore[call-arg]


def _sources(tmp_path: Path) -> set[str]:
    return {document.source for document in _services(tmp_path).backend.iter_documents()}


def test_ingesting_again_leaves_nothing_the_files_no_longer_hold(
    inbox: Path, tmp_path: Path
) -> None:
    (inbox / "notes.eml").write_bytes(_message(notes=1))
    (inbox / "feed.jsonl").write_text(_feed(lines=1), encoding="utf-8")
    _ingest(inbox)
    kept = {"inbox/notes.eml", "inbox/notes.eml#note-1.txt", "inbox/feed.jsonl#L1"}
    assert _sources(tmp_path) == kept
    client = TestClient(create_app(_services(tmp_path)))
    found = client.get("/api/search", params={"q": "kits", "cross_lingual": "false"}).json()
    assert [hit["source"] for hit in found["hits"]] == ["inbox/notes.eml#note-1.txt"]
    message = client.get(f"/api/documents/{document_id('inbox/notes.eml')}").json()
    assert message["attachments"] == [document_id("inbox/notes.eml#note-1.txt")]


def test_deleting_a_message_through_the_api_deletes_its_attachments(
    inbox: Path, tmp_path: Path
) -> None:
    client = TestClient(create_app(_services(tmp_path)))
    assert client.delete(f"/api/documents/{document_id('inbox/notes.eml')}").status_code == 204
    note = document_id("inbox/notes.eml#note-3.txt")
    assert client.get(f"/api/documents/{note}").status_code == 404
    assert _sources(tmp_path) == {f"inbox/feed.jsonl#L{number}" for number in range(1, 4)}
