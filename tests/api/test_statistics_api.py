"""GET /api/figures/summary over analysed reports: cells, their figures one query away, errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.services import Services, build_services
from api.settings import Settings

pytestmark = pytest.mark.slow
KEY = {"X-API-Key": "k3y"}
# People in treatment in three countries and languages; one report says when its figure was
# true, one only when it was published, one names no country.
REPORTS = {
    "fr": "Bilan annuel des CSAPA en France. En 2023, 1 240 personnes ont été prises en charge "
    "par les CSAPA du département. Le budget du dispositif s'élève à 4,5 millions d'euros.",
    "it": "Relazione annuale dei servizi in Italia. Nel 2023 i SerD della provincia avevano "
    "3.050 pazienti in trattamento. Le morti per overdose sono state 41 nello stesso anno.",
    "en": "Annual treatment report for Scotland. In 2023, 4,200 people were receiving treatment "
    "for opioid use in the county. The local prison population stood at 870 in June.",
    "en-later": "Treatment in Scotland. Some 3,900 people were receiving treatment for opioid use.",
    "en-nowhere": "Treatment services. Some 300 people were receiving treatment for opioid use.",
}


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("statistics"),
        api_key=SecretStr("k3y"),
        _env_file=None,  # type: ignore[call-arg]
    )
    return build_services(settings)


@pytest.fixture(scope="module")
def client(client: TestClient) -> TestClient:
    for name, text in REPORTS.items():
        body = {
            "text": text,
            "language": name[:2],
            "source": f"report-{name}.txt",
            "published": "2024-03-01",
        }
        response = client.post("/api/documents", json=body, headers=KEY)
        assert response.status_code == 201, response.text
    return client


def _summary(client: TestClient, **params: object) -> dict[str, Any]:
    response = client.get("/api/figures/summary", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_one_measure_per_country_and_year_with_what_is_left_out(client: TestClient) -> None:
    body = _summary(client, measure="people-in-treatment", by="country,year")
    assert body["total"] == 5 and body["by"] == ["country", "year"]
    [series] = body["series"]
    assert (series["unit"], series["per"], series["figures"]) == ("count", None, 5)
    cells = [
        (c["country"], c["year"], c["count"], c["median"], c["basis"]) for c in series["cells"]
    ]
    assert cells == [
        ("FR", 2023, 1, 1240, {"as_of": 1, "published": 0}),
        ("GB", 2023, 1, 4200, {"as_of": 1, "published": 0}),
        ("GB", 2024, 1, 3900, {"as_of": 0, "published": 1}),
        ("IT", 2023, 1, 3050, {"as_of": 1, "published": 0}),
    ]
    assert [(o["reason"], o["figures"]) for o in body["left_out"]] == [("no_country", 1)]


def test_each_cell_opens_its_figures_one_request_away(client: TestClient) -> None:
    for series in _summary(client)["series"]:
        for cell in series["cells"]:
            page = client.get("/api/figures", params=cell["figures_query"]).json()
            assert page["total"] == cell["count"]
            values = sorted(row["value"] for row in page["rows"])
            assert (values[0], values[-1]) == (cell["min"], cell["max"])
            assert all(row["unit"] == series["unit"] for row in page["rows"])


def test_series_never_mix_units_and_the_dominant_one_says_what_it_leaves(
    client: TestClient,
) -> None:
    body = _summary(client, series=1, by="year")
    assert [(s["unit"], s["figures"]) for s in body["series"]] == [("count", 7)]
    assert [(o["reason"], o["unit"], o["figures"]) for o in body["left_out"]] == [
        ("other_series", "EUR", 1)
    ]
    assert body["left_out"][0]["detail"]
    assert [c["year"] for c in body["series"][0]["cells"]] == [2023, 2024]


def test_by_is_repeatable_and_checked(client: TestClient) -> None:
    repeated = client.get("/api/figures/summary", params=[("by", "year"), ("by", "country")])
    assert repeated.json()["by"] == ["year", "country"]
    bad = client.get("/api/figures/summary", params={"by": "country,month"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"].startswith("query.by")
    unknown = client.get("/api/figures/summary", params={"measure": "no-such-measure"})
    assert unknown.status_code == 422 and "no-such-measure" in unknown.json()["detail"]
    assert client.get("/api/figures/summary", params={"series": 0}).status_code == 422


def test_figures_filter_by_the_summary_year_and_rate(client: TestClient) -> None:
    later = client.get("/api/figures", params={"year": 2024, "per": "none", "sort": "value"})
    assert [row["value"] for row in later.json()["rows"]] == [300, 3900, 4_500_000]
    assert client.get("/api/figures", params={"per": "day"}).json()["total"] == 0


def test_openapi_documents_the_summary_with_an_example(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/figures/summary"]["get"]
    assert "comparable" in operation["description"]
    assert operation["responses"]["200"]["content"]["application/json"]["example"]["series"]
    assert {"measure", "by", "series", "country", "year"} <= {
        parameter["name"] for parameter in operation["parameters"]
    }
