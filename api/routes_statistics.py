"""Statistics routes: what the figures say per country and year, comparable figures only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import ReadKey, ServicesDep
from search.figure_summary import FigureSummary, SummaryQuery

router = APIRouter(tags=["figures"], dependencies=[ReadKey])

SUMMARY_EXAMPLE = {
    "total": 41,
    "by": ["country", "year"],
    "series": [
        {
            "unit": "count",
            "per": None,
            "figures": 38,
            "cells": [
                {
                    "country": "IT",
                    "year": 2023,
                    "count": 4,
                    "min": 1240.0,
                    "median": 2145.0,
                    "max": 3050.0,
                    "basis": {"as_of": 3, "published": 1},
                    "figures_query": {
                        "country": ["IT"],
                        "unit": "count",
                        "per": "none",
                        "year": 2023,
                        "measure": ["people-in-treatment"],
                    },
                }
            ],
        }
    ],
    "left_out": [
        {
            "reason": "other_series",
            "unit": "percent",
            "per": None,
            "figures": 3,
            "detail": "another unit or rate than the series shown: not comparable with them "
            "(a larger `series`, or `unit` and `per`, shows them)",
        },
        {
            "reason": "no_country",
            "unit": "count",
            "per": None,
            "figures": 2,
            "detail": "their document is about no country",
        },
    ],
}


@router.get(
    "/api/figures/summary",
    response_model=FigureSummary,
    responses={
        200: {"content": {"application/json": {"example": SUMMARY_EXAMPLE}}},
        422: {"description": "An invalid parameter (named in `detail`), topic or measure."},
        503: {"description": "The search backend is unavailable; `detail` says why."},
    },
)
def figures_summary(
    query: Annotated[SummaryQuery, Query()],
    services: ServicesDep,
) -> Response:
    """What the figures matching the filters of /api/figures say, per country and year
    (`by=country,year`, or one of them): give a `measure` so that the cells count one thing.

    Only comparable figures share a series: one per unit and rate (`per`), most figures
    first, never mixed. A cell gives the count of its figures, their min, median and max
    (a range counts its lower bound; no sum, since several documents often state the same
    figure), how many have their year from their as-of date and how many from their
    document's publication date, and `figures_query`, the /api/figures parameters that list
    exactly its figures. A figure counts for each country its document is about (with a
    `country` filter, for those asked). `left_out` says which matching figures are in no
    cell and why, with counts: other series (past `series`), no country, no year. A cell of
    more than 25,000 figures has no median.
    """
    # Serialised once here: returning the model would have FastAPI validate it a second time.
    return Response(
        services.summarise_figures(query).model_dump_json(), media_type="application/json"
    )
