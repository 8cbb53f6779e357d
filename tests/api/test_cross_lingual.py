"""Cross-lingual search, topics and figures by topic, over the sample corpus and the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.services import Services, build_services
from api.settings import Settings
from nlp.thesaurus import default_thesaurus

pytestmark = pytest.mark.slow
SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
NGHE_AN, KAZAKHSTAN, UK_STRATEGY = (
    "000_5eed3bc5516a0f99.txt",
    "001_64f6080c218b57bf.txt",
    "004_a774bdd0d0abb042.txt",
)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    settings = Settings(data_dir=tmp_path_factory.mktemp("crosslingual"), _env_file=None)  # type: ignore[call-arg]
    services = build_services(settings)
    paths = [SAMPLE / "fr", SAMPLE / "it", SAMPLE / "en"]
    if SEEDS.is_dir():
        paths.append(SEEDS)
    report = services.pipeline.ingest(paths)
    assert not report.failures
    return services


@pytest.fixture
def seeds(seeds_dir: Path) -> Path:
    return seeds_dir


def _search(client: TestClient, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/search", params={"limit": 50, **params})  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _by_language(body: dict) -> dict[str, set[str]]:  # type: ignore[type-arg]
    found: dict[str, set[str]] = {}
    for hit in body["hits"]:
        found.setdefault(hit["language"], set()).add(Path(hit["source"]).name)
    return found


def test_the_shipped_thesaurus_covers_the_field() -> None:
    thesaurus = default_thesaurus()
    assert len(thesaurus) >= 200
    for root in ("addiction-treatment", "harm-reduction", "prisons", "housing", "children"):
        assert thesaurus.concepts[root].broader == []
        assert thesaurus.descendants(root), f"{root} has no narrower concepts"
    for concept in thesaurus.concepts.values():
        assert set(concept.labels) == {"fr", "it", "en"}, concept.id
    assert thesaurus.concepts["methadone"].label("it") == "metadone"


def test_an_english_query_finds_the_french_and_italian_seeds(
    client: TestClient, seeds: Path
) -> None:
    crossed = _by_language(_search(client, q="drug addiction treatment"))
    assert NGHE_AN in crossed["fr"] and KAZAKHSTAN in crossed["it"]
    alone = _by_language(_search(client, q="drug addiction treatment", cross_lingual=False))
    assert NGHE_AN not in alone.get("fr", set()) and KAZAKHSTAN not in alone.get("it", set())


def test_a_french_query_finds_the_italian_seed_and_english_documents(
    client: TestClient, seeds: Path
) -> None:
    crossed = _by_language(_search(client, q="traitement de la toxicomanie"))
    assert KAZAKHSTAN in crossed["it"]
    assert crossed["en"], "no English document found"
    assert NGHE_AN in crossed["fr"] and UK_STRATEGY in crossed["fr"]


def test_an_italian_query_finds_the_french_seeds(client: TestClient, seeds: Path) -> None:
    body = _search(client, q="tossicodipendenza")
    crossed = _by_language(body)
    assert {NGHE_AN, UK_STRATEGY} <= crossed["fr"]
    assert crossed["en"], "no English document found"
    (concept,) = body["concepts"]
    assert concept["languages"] == ["it"] and concept["matched"] == "tossicodipendenza"
    assert concept["labels"]["fr"] and concept["labels"]["en"]
    # Documents with the query's own word come first.
    first = body["hits"][0]
    assert first["language"] == "it"


def test_own_language_matches_rank_first(client: TestClient) -> None:
    body = _search(client, q="metadone")
    languages = [hit["language"] for hit in body["hits"]]
    assert {"fr", "en"} <= set(languages)
    italian = [i for i, language in enumerate(languages) if language == "it"]
    assert italian == list(range(len(italian))), languages


def test_cross_lingual_false_searches_the_words_alone(client: TestClient) -> None:
    crossed = _search(client, q="riduzione del danno")
    alone = _search(client, q="riduzione del danno", cross_lingual=False)
    assert alone["concepts"] == [] and crossed["concepts"]
    assert {hit["language"] for hit in alone["hits"]} == {"it"}
    assert {"fr", "en"} <= {hit["language"] for hit in crossed["hits"]}


def test_topics_facet_and_filter(client: TestClient) -> None:
    facets = _search(client, limit=0)["facets"]["topics"]
    named = {facet["value"]: facet for facet in facets}
    assert "methadone" in named and named["methadone"]["name"] == "methadone"
    italian_names = {f["value"]: f["name"] for f in _search(client, lang="it")["facets"]["topics"]}
    assert italian_names["methadone"] == "metadone"
    about = _search(client, topic="methadone")
    assert about["total"] == named["methadone"]["count"]
    # A broader topic covers documents tagged with its narrower concepts.
    broader = _search(client, topic="addiction-treatment")
    assert {hit["id"] for hit in about["hits"]} <= {hit["id"] for hit in broader["hits"]}
    unknown = client.get("/api/search", params={"topic": "no-such-topic"})
    assert unknown.status_code == 422 and "no-such-topic" in unknown.json()["detail"]


def test_every_figure_about_methadone_in_any_language(client: TestClient) -> None:
    response = client.get("/api/figures", params={"topic": "methadone", "limit": 500})
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert {"fr", "it", "en"} <= {row["language"] for row in rows}
    methadone = {"methadone", *default_thesaurus().descendants("methadone")}
    assert all(methadone & set(row["topics"]) for row in rows)
    csv = client.get("/api/figures", params={"topic": "methadone", "format": "csv"})
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) == len(rows) + 1


def test_the_topics_endpoint_lists_and_finds_concepts(client: TestClient) -> None:
    everything = client.get("/api/topics").json()
    assert everything["total"] >= 200
    found = client.get("/api/topics", params={"q": "metadon"}).json()
    assert "methadone" in {concept["id"] for concept in found["concepts"]}
    entry = next(c for c in found["concepts"] if c["id"] == "methadone")
    assert entry["labels"]["fr"]["pref"] == "méthadone" and entry["broader"]


def test_documents_carry_their_topics(client: TestClient, services: Services) -> None:
    hit = _search(client, source="corpora/sample/fr/nghe-an-methadone.txt")["hits"][0]
    record = client.get(f"/api/documents/{hit['id']}").json()
    concepts = [topic["concept"] for topic in record["topics"]]
    assert "methadone" in concepts
    counts = [topic["count"] for topic in record["topics"]]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 1


def test_an_exclusion_excludes_the_concept_in_every_language(client: TestClient) -> None:
    everything = _search(client, q="harm reduction")
    without = _search(client, q="harm reduction -methadone")
    assert 0 < without["total"] < everything["total"]
    for hit in without["hits"]:
        record = client.get(f"/api/documents/{hit['id']}").json()
        text = record["text"].lower()
        assert not any(word in text for word in ("methadone", "méthadone", "metadone")), hit
