"""Country routes: every country's ISO code with its name in French, Italian or English."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ReadKey
from nlp.country_names import LANGUAGES, country_code, country_codes, country_name
from nlp.text import fold

router = APIRouter(tags=["countries"], dependencies=[ReadKey])


class CountryQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    lang: Literal["fr", "it", "en"] = Field("en", description="Language of `name` and the order.")
    q: str = Field(
        "",
        max_length=200,
        description="Only countries with a name in French, Italian or English containing this "
        "(case and accents ignored), or that this code or name names.",
        examples=["royaume"],
    )


class CountryEntry(BaseModel):
    code: str = Field(description="ISO 3166-1 alpha-2: what `country=` filters and facets hold.")
    name: str = Field(description="The name in `lang`.")
    names: dict[str, str] = Field(description="The name in French, Italian and English.")


class CountryList(BaseModel):
    total: int = Field(examples=[1])
    countries: list[CountryEntry] = Field(
        examples=[
            [
                {
                    "code": "CI",
                    "name": "Côte d’Ivoire",
                    "names": {"fr": "Côte d’Ivoire", "it": "Costa d’Avorio", "en": "Côte d’Ivoire"},
                }
            ]
        ]
    )


@router.get("/api/countries", response_model=CountryList)
def countries(query: Annotated[CountryQuery, Query()]) -> CountryList:
    """Every country (or those `q` matches) with its name in `lang`, in the order of those
    names: for a country picker. `country=` on /api/search, /api/figures and
    /api/figures/summary takes the codes, and these names in any of the three languages."""
    wanted = fold(query.q)
    named = country_code(query.q) if query.q.strip() else None
    entries = []
    for code in country_codes():
        names = {language: country_name(code, language) for language in LANGUAGES}
        if wanted and code != named and not any(wanted in fold(name) for name in names.values()):
            continue
        entries.append(CountryEntry(code=code, name=names[query.lang], names=names))
    entries.sort(key=lambda entry: fold(entry.name))
    return CountryList(total=len(entries), countries=entries)
