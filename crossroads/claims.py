"""Claims of the seed articles and what the evidence says (chapters 3 and 6)."""
from __future__ import annotations

import pandas as pd

VERDICT_ORDER = ["supported", "partly supported", "too early to tell", "not supported"]


def claims_table(claims: pd.DataFrame, seed_source_id: str | None = None) -> pd.DataFrame:
    """Claims (optionally of one seed article) with verdict, evidence and source."""
    rows = claims if seed_source_id is None else claims[claims["seed_source_id"] == seed_source_id]
    if rows.empty:
        raise ValueError(f"no claims from {seed_source_id!r} in data/claims.csv")
    return pd.DataFrame({"claim": rows["claim"], "verdict": rows["verdict"],
                         "what the evidence says": rows["evidence_summary"],
                         "source": rows["source_id"]}).reset_index(drop=True)


def verdict_counts(claims: pd.DataFrame) -> pd.Series:
    """How many claims got each verdict, in a fixed order."""
    return claims["verdict"].value_counts().reindex(VERDICT_ORDER, fill_value=0)
