"""Shared fixtures: the seed documents, settings pointing at a temporary index, services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from api.services import Services
    from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLE = ROOT / "corpora" / "sample"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not here ({SEEDS}): they ship beside CI's checkout")
    return SEEDS


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    from api.settings import Settings

    return Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    from api.services import build_services

    yield build_services(settings)


@pytest.fixture(scope="session")
def osmem_server() -> Iterator[object]:
    """One osmem-server for the session (overrides the plugin's, which leaks its stdout pipe)."""
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server
    server.close()
    if server.process.stdout:
        server.process.stdout.close()
