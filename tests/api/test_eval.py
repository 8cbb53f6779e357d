"""`policylens eval` on the development set meets issue 3's targets (a regression guard)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

pytestmark = pytest.mark.slow
GOLD = Path(__file__).resolve().parents[2] / "corpora" / "gold"


@pytest.fixture(scope="module")
def report(seeds_dir: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["eval", str(GOLD), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("language", ["fr", "it", "en"])
def test_figures_and_units(report: dict[str, dict], language: str) -> None:  # type: ignore[type-arg]
    assert report[language]["documents"] >= 10
    assert report[language]["figures"]["f1"] >= 0.90
    assert report[language]["unit_accuracy"] >= 0.95


@pytest.mark.parametrize(("language", "target"), [("fr", 0.80), ("en", 0.80), ("it", 0.70)])
def test_entities(report: dict[str, dict], language: str, target: float) -> None:  # type: ignore[type-arg]
    assert report[language]["entities"]["f1"] >= target


def test_countries_and_language(report: dict[str, dict]) -> None:  # type: ignore[type-arg]
    assert report["overall"]["countries"]["f1"] >= 0.90
    assert report["overall"]["language_accuracy"] == 1.0
    assert report["overall"]["documents"] >= 30
