"""The attacks of issue 19 against a real `policylens serve`: every input under the documented
limits gets an answer (a result or a clear 4xx) in time, never a 5xx, and the server's peak
memory stays under 2 GB.

The server runs with max_request_seconds=20 so that the suite fits CI's time; the limit it
checks against is the documented one: an answer within 60 s.
"""

from __future__ import annotations

import csv
import io
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_processes import free_port, long_text, serve
from office_files import repeated, write_docx, write_xlsx
from tests_support import is_number

pytestmark = pytest.mark.slow

ANSWER_SECONDS = 60
PEAK_RSS_BYTES = 2 * 1024**3
REQUEST_SECONDS = 20


class Server:
    """The live server, its client, and what every answer must be."""

    def __init__(self, process: object, port: int) -> None:
        self.process = process
        self.pid: int = process.pid  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{port}"
        self.port = port
        self.client = httpx.Client(base_url=self.url, timeout=ANSWER_SECONDS + 30)

    def request(self, method: str, path: str, **options: object) -> httpx.Response:
        """One request, timed: it must answer in time and never with a server error."""
        started = time.monotonic()
        response = self.client.request(method, path, **options)  # type: ignore[arg-type]
        took = time.monotonic() - started
        assert response.status_code < 500, f"{method} {path}: {response.status_code}"
        assert took <= ANSWER_SECONDS, f"{method} {path} took {took:.0f} s"
        return response

    def peak_rss(self) -> int:
        """The server process's high-water mark of resident memory, in bytes."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmHWM in /proc status")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data, port = tmp_path_factory.mktemp("reliability"), free_port()
    process = serve(data, port, {"POLICYLENS_MAX_REQUEST_SECONDS": str(REQUEST_SECONDS)})
    live = Server(process, port)
    yield live
    live.client.close()
    process.terminate()
    process.wait(timeout=30)


def test_a_long_document_answers_in_time_within_memory(server: Server) -> None:
    text = long_text(3_000_000)  # 16 x under max_request_bytes, under max_document_chars
    response = server.request(
        "POST", "/api/documents", json={"text": text, "source": "long.txt", "title": "Long"}
    )
    if response.status_code == 422:  # did not fit the request's time: said so, by setting
        assert "max_request_seconds" in response.json()["detail"]
    else:
        assert response.status_code == 201
    assert server.peak_rss() <= PEAK_RSS_BYTES
    assert server.request("GET", "/api/search", params={"q": "methadone"}).status_code == 200


def test_a_client_that_goes_away_takes_its_work_with_it(server: Server) -> None:
    body = httpx.Request(
        "POST",
        f"{server.url}/api/documents",
        json={"text": long_text(3_000_000), "source": "gone.txt"},
    )
    head = ["POST /api/documents HTTP/1.1", f"Host: 127.0.0.1:{server.port}"]
    head += [f"{name}: {value}" for name, value in body.headers.items() if name != "host"]
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body.read())
        time.sleep(3)  # the analysis is under way
    time.sleep(4)  # the server notices within a poll, and ends the chunk under way (~3 s)
    before = server.cpu_seconds()
    time.sleep(4)
    busy = server.cpu_seconds() - before
    # Left running, the analysis would keep one core busy until max_request_seconds.
    assert busy < 1.5, f"the server spent {busy:.1f} s of CPU in 4 s after the client left"
    assert server.request("GET", "/api/documents/gone.txt").status_code in (404, 200)


def test_queries_without_a_word_match_nothing(server: Server) -> None:
    server.request(
        "POST",
        "/api/documents",
        json={"text": "Methadone for 3 810 people in 2023.", "source": "m.txt"},
    )
    for query in ["💩", "\x00", "\\", "??", "()"]:
        response = server.request("GET", "/api/search", params={"q": query})
        assert response.json()["total"] == 0, query


def test_a_chunked_body_over_the_limit_gets_413(server: Server) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(70):
            yield b"x" * 1_000_000

    response = server.request(
        "POST",
        "/api/documents",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_no_export_cell_runs_as_a_formula(server: Server) -> None:
    for text, source in [
        ('=HYPERLINK("http://example.com") 1 240 patients were treated in 2023.', "=cmd.txt"),
        ("@SUM(A1) 3 050 patients were followed in 2023.", "@at.txt"),
        ("-12 % fewer overdoses were recorded in 2023.", "-minus.txt"),
    ]:
        server.request(
            "POST", "/api/documents", json={"text": text, "source": source, "title": source}
        )
    exported = server.request("GET", "/api/figures", params={"format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.text)))
    cells = [cell for row in rows[1:] for cell in row if cell and not is_number(cell)]
    assert cells and not [cell for cell in cells if cell[0] in "=+-@\t\r"]


def test_bad_bytes_in_an_upload_are_replacement_characters(server: Server) -> None:
    files = {"files": ("bad.txt", b"Milano \xff\xfe ha 12 pazienti nel 2023.\n", "text/plain")}
    answer = server.request("POST", "/api/documents/upload", files=files).json()
    [document] = answer["documents"]
    assert "\ufffd" in document["text"] and "Milano" in document["text"]


def test_office_bombs_fail_by_name_at_once(server: Server, tmp_path: Path) -> None:
    # The trial's 969 KB workbook of 3 million rows passed 10 GB after its client had gone; a
    # 2 MB document unpacking to 533 MB took 90 s and 3.1 GB. Both at a scale a test builds.
    row = b"".join(b"<row><c><v>%d</v></c></row>" % (n % 100) for n in range(100))
    rows = write_xlsx(tmp_path / "rows.xlsx", {"Data": repeated(row, 30_000)})
    paragraph = b"<w:p><w:r><w:t>Le taux est de 12 %.</w:t></w:r></w:p>"
    inflated = write_docx(tmp_path / "inflated.docx", repeated(paragraph, 600_000))
    files = [("files", (path.name, path.read_bytes())) for path in (rows, inflated)]
    answer = server.request("POST", "/api/documents/upload", files=files).json()
    assert answer["documents"] == []
    reasons = {failure["source"]: failure["reason"] for failure in answer["failures"]}
    assert set(reasons) == {"upload/rows.xlsx", "upload/inflated.docx"}
    assert all("(setting max_" in reason for reason in reasons.values()), reasons
    assert server.peak_rss() <= PEAK_RSS_BYTES
