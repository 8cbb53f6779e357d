"""One body, one entry: UNODC named in three languages is one entity in facets and lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.services import Services, build_services
from api.settings import Settings

pytestmark = pytest.mark.slow

TEXTS = {
    "fr": "Selon l'ONUDC, les saisies d'héroïne ont doublé au Viet Nam en 2023. L'Office des "
    "Nations unies contre la drogue et le crime prépare un nouveau rapport sur la province.",
    "it": "L'Ufficio delle Nazioni Unite contro la droga e il crimine segnala che i sequestri "
    "di cocaina nei porti italiani sono aumentati del 12% nel 2023.",
    "en": "UNODC said opium cultivation in Myanmar grew by a third in 2023, according to the "
    "survey the United Nations Office on Drugs and Crime published in December.",
}


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    folder = tmp_path_factory.mktemp("bodies")
    for language, text in TEXTS.items():
        (folder / f"{language}.txt").write_text(text, encoding="utf-8")
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("index"),
        _env_file=None,  # type: ignore[call-arg]
    )
    services = build_services(settings)
    report = services.pipeline.ingest([Path(folder)])
    assert report.documents == 3 and not report.failures
    return services


def _unodc(entries: list[dict[str, object]], key: str = "value") -> list[dict[str, object]]:
    return [entry for entry in entries if entry[key] == "unodc"]


def test_one_unodc_in_the_search_facet_named_in_the_query_language(client: TestClient) -> None:
    body = client.get("/api/search", params={"facet_label": "ORG", "lang": "fr"}).json()
    assert body["total"] == 1  # `lang` still filters documents
    everything = client.get("/api/search", params={"facet_label": "ORG"}).json()
    [unodc] = _unodc(everything["facets"]["entities"])
    assert unodc["count"] == 3
    assert unodc["name"] == "United Nations Office on Drugs and Crime"  # no language: English
    assert {"ONUDC", "UNODC", "Ufficio delle Nazioni Unite contro la droga e il crimine"} <= set(
        unodc["forms"]
    )
    keys = [facet["value"] for facet in everything["facets"]["entities"]]
    assert len(keys) == len(set(keys))


def test_api_entities_lists_one_unodc_with_a_name_in_the_asked_language(
    client: TestClient,
) -> None:
    listed = client.get("/api/entities", params={"label": "ORG", "name_lang": "it"}).json()
    [unodc] = _unodc(listed["entities"], "key")
    assert unodc["documents"] == 3
    assert unodc["name"] == "Ufficio delle Nazioni Unite contro la droga e il crimine"
    assert "Office des Nations unies contre la drogue et le crime" in unodc["forms"]
    french = client.get("/api/entities", params={"name_lang": "fr"}).json()
    [unodc] = _unodc(french["entities"], "key")
    assert unodc["name"] == "Office des Nations unies contre la drogue et le crime"


def test_api_entities_q_matches_names_not_documents(client: TestClient) -> None:
    # "nazioni" names UNODC only in Italian; the body is found by its names in any language.
    found = client.get("/api/entities", params={"q": "nazioni"}).json()
    assert [entity["key"] for entity in found["entities"]] == ["unodc"]
    assert found["entities"][0]["name"].startswith("Ufficio delle Nazioni Unite")  # q is Italian
    by_seen_name = client.get("/api/entities", params={"q": "myanm"}).json()
    assert [entity["key"] for entity in by_seen_name["entities"]] == ["myanmar"]
    assert client.get("/api/entities", params={"q": "opium"}).json()["entities"] == []
