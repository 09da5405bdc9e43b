"""Load the course data from ``data/``, validated against ``data/datapackage.json``.

Every table is checked field by field against the schema in the data package
(types, required values, enums, ranges, patterns, unique keys and foreign keys),
so that a typo in a CSV file stops with a message that names the file, the line,
the column and what was expected, instead of producing a wrong map or table.

Nothing here writes to ``data/``.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DESCRIPTOR = "datapackage.json"


class DataError(ValueError):
    """Raised when a data file does not match its schema in the data package."""


def read_json(path: Path):
    """Parse a JSON file; DataError naming the file (and line) if missing or invalid."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg})") from None


def read_descriptor(data_dir: Path | str = DATA_DIR) -> dict:
    """Return the parsed ``datapackage.json`` of ``data_dir``."""
    return read_json(Path(data_dir) / DESCRIPTOR)


def resource_names(data_dir: Path | str = DATA_DIR) -> list[str]:
    """Names of all resources in the data package, in descriptor order."""
    return [r["name"] for r in read_descriptor(data_dir)["resources"]]


def describe(name: str, data_dir: Path | str = DATA_DIR) -> dict:
    """Return the descriptor entry (path, schema, ...) of resource ``name``."""
    for resource in read_descriptor(data_dir)["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(resource_names(data_dir))
    raise DataError(f"no resource named {name!r} in the data package; known: {known}")


def load(name: str, data_dir: Path | str = DATA_DIR):
    """Load resource ``name``: a DataFrame for a CSV table, a dict for GeoJSON.

    Raises :class:`DataError` naming file, line and column when the data does not
    match the schema, or when a ``source_id`` (or other foreign key) does not resolve.
    """
    data_dir = Path(data_dir)
    resource = describe(name, data_dir)
    if resource.get("format") == "geojson":
        return _load_geojson(resource, data_dir)
    return _load_table(resource, data_dir)


# --- tables -----------------------------------------------------------------

def _load_table(resource: dict, data_dir: Path) -> pd.DataFrame:
    path = data_dir / resource["path"]
    schema = resource["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    records, lines = [], []
    for line, row in _read_rows(path, names):
        records.append({f["name"]: _convert(value, f, path, line)
                        for f, value in zip(fields, row)})
        lines.append(line)
    _check_unique(records, lines, fields, schema.get("primaryKey"), path)
    frame = pd.DataFrame.from_records(records, columns=names)
    for field in fields:
        frame[field["name"]] = _as_dtype(frame[field["name"]], field["type"])
    for key in schema.get("foreignKeys", []):
        _check_foreign_key(frame, lines, key, resource["name"], path, data_dir)
    for field in fields:
        if field.get("x-source-list"):
            _check_source_lists(frame[field["name"]], lines, field["name"], path, data_dir)
    if {"see_also", "single_source"} <= set(names):
        _check_two_source_rule(frame, lines, path)
    return frame


def _check_two_source_rule(frame: pd.DataFrame, lines: list[int], path: Path) -> None:
    """Every row names a second source (see_also) or is marked single_source, not both."""
    for index, (see_also, single) in enumerate(zip(frame["see_also"], frame["single_source"])):
        has_second, marked = bool(pd.notna(see_also) and see_also != ""), bool(pd.notna(single) and single)
        if has_second == marked:
            problem = "has see_also and is marked single_source" if marked else \
                "has neither a second source (see_also) nor single_source = true"
            raise DataError(f"{path}, line {lines[index]}, column 'see_also'/'single_source': the row "
                            f"{problem}; expected exactly one of them (the two-source rule)")


def _read_rows(path: Path, names: list[str]):
    """Yield (line number, cells) for each data row; check header and row length."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(f"{path}: file is empty; expected a header row {names}") from None
        except UnicodeDecodeError as exc:
            raise DataError(f"{path}: not UTF-8 text ({exc.reason})") from None
        missing = [n for n in names if n not in header]
        extra = [h for h in header if h not in names]
        if missing:
            raise DataError(f"{path}, line 1: missing column(s) {missing}; expected columns {names}")
        if extra or header != names:
            raise DataError(f"{path}, line 1: columns {header} do not match the schema; "
                            f"expected exactly {names} in this order")
        for row in reader:
            if not row:
                continue  # a blank line
            if len(row) != len(names):
                raise DataError(f"{path}, line {reader.line_num}: malformed row with "
                                f"{len(row)} cells; expected {len(names)} ({', '.join(names)}). "
                                "Is a comma inside a value missing its quotes?")
            yield reader.line_num, row


TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number",
    "year": "a year (e.g. 2023)", "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
}


def _convert(raw: str, field: dict, path: Path, line: int):
    """Convert one CSV cell to its Python value and check the field's constraints."""
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})

    def fail(expected: str):
        raise DataError(f"{path}, line {line}, column '{name}': expected {expected}, got {raw!r}")

    value = raw.strip()
    if value == "":
        if constraints.get("required"):
            fail(f"a value ({TYPE_WORDS.get(kind, kind)}); the field is required")
        return None
    try:
        if kind in ("integer", "year"):
            if not re.fullmatch(r"-?\d+", value):
                raise ValueError
            converted = int(value)
        elif kind == "number":
            converted = float(value)
        elif kind == "boolean":
            if value not in ("true", "false"):
                raise ValueError
            converted = value == "true"
        elif kind == "date":
            converted = dt.date.fromisoformat(value)
        else:
            converted = value
    except ValueError:
        fail(TYPE_WORDS.get(kind, kind))
    if "enum" in constraints and converted not in constraints["enum"]:
        fail(f"one of {constraints['enum']}")
    if "minimum" in constraints and converted < constraints["minimum"]:
        fail(f"a value of at least {constraints['minimum']}")
    if "maximum" in constraints and converted > constraints["maximum"]:
        fail(f"a value of at most {constraints['maximum']}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        fail(f"text matching the pattern {constraints['pattern']}")
    return converted


def _check_unique(records: list[dict], lines: list[int], fields: list[dict], primary_key,
                  path: Path) -> None:
    keys = [f["name"] for f in fields if f.get("constraints", {}).get("unique")]
    if isinstance(primary_key, str):
        keys.append(primary_key)
    for key in dict.fromkeys(keys):
        seen: dict = {}
        for index, record in enumerate(records):
            value = record[key]
            if value in seen:
                raise DataError(f"{path}, line {lines[index]}, column '{key}': value {value!r} "
                                f"already appears on line {lines[seen[value]]}; it must be unique")
            seen[value] = index


def _as_dtype(column: pd.Series, kind: str) -> pd.Series:
    if kind in ("integer", "year"):
        return column.astype("Int64")
    if kind == "number":
        return column.astype("Float64")
    if kind == "boolean":
        return column.astype("boolean")
    if kind == "date":
        return pd.to_datetime(column)
    return column.astype("string")


def _check_foreign_key(frame: pd.DataFrame, lines: list[int], key: dict, name: str, path: Path,
                       data_dir: Path):
    column = key["fields"]
    target = key["reference"]["resource"] or name
    target_field = key["reference"]["fields"]
    reference = frame if target == name else load(target, data_dir)
    allowed = set(reference[target_field].dropna())
    for position, value in enumerate(frame[column]):
        if pd.notna(value) and value not in allowed:
            target_path = describe(target, data_dir)["path"]
            raise DataError(f"{path}, line {lines[position]}, column '{column}': {value!r} "
                            f"does not resolve; expected a {target_field} listed in "
                            f"{data_dir / target_path}")


def _check_source_lists(column: pd.Series, lines: list[int], name: str, path: Path,
                        data_dir: Path) -> None:
    """Every id in a ';'-separated list of source ids must resolve in sources.csv."""
    known = set(load("sources", data_dir)["source_id"])
    for position, value in enumerate(column):
        for source_id in ([] if pd.isna(value) else str(value).split(";")):
            if source_id not in known:
                raise DataError(f"{path}, line {lines[position]}, column '{name}': {source_id!r} "
                                f"does not resolve; expected a source_id listed in "
                                f"{data_dir / 'sources.csv'}")


# --- GeoJSON ------------------------------------------------------------------

def _load_geojson(resource: dict, data_dir: Path) -> dict:
    path = data_dir / resource["path"]
    collection = read_json(path)
    if collection.get("type") != "FeatureCollection":
        raise DataError(f"{path}: expected a GeoJSON FeatureCollection")
    required = resource.get("x-feature-properties", [])
    sources = set(load("sources", data_dir)["source_id"])
    for number, feature in enumerate(collection.get("features", []), start=1):
        where = f"{path}, feature {number}"
        properties = feature.get("properties") or {}
        for prop in required:
            if not properties.get(prop):
                raise DataError(f"{where}: property '{prop}' is missing; expected {required}")
        cited = [properties.get("source_id")] + [s for s in str(properties.get("see_also") or "").split(";") if s]
        for source_id in cited:
            if source_id not in sources:
                raise DataError(f"{where}, property 'source_id' or 'see_also': {source_id!r} does not "
                                f"resolve; expected a source_id listed in {data_dir / 'sources.csv'}")
        for lon, lat in _positions((feature.get("geometry") or {}).get("coordinates", [])):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise DataError(f"{where}: coordinate ({lon}, {lat}) out of range; expected "
                                "longitude -180..180 and latitude -90..90 (GeoJSON is lon, lat)")
    return collection


def _positions(coordinates):
    """Yield every (lon, lat) pair from nested GeoJSON coordinates."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates[0], coordinates[1]
        return
    for part in coordinates:
        yield from _positions(part)


def country_names(data_dir: Path | str = DATA_DIR) -> dict[str, str]:
    """ISO3 code -> short English name, from the country outlines."""
    outlines = load("countries", data_dir)
    return {f["properties"]["iso3"]: f["properties"]["name"] for f in outlines["features"]}


def summary(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """One row per resource: its file, title, size and description."""
    rows = []
    for resource in read_descriptor(data_dir)["resources"]:
        loaded = load(resource["name"], data_dir)
        size = len(loaded["features"]) if isinstance(loaded, dict) else len(loaded)
        rows.append({"resource": resource["name"], "file": f"data/{resource['path']}",
                     "title": resource.get("title", ""), "rows or features": size,
                     "description": resource.get("description", "")})
    return pd.DataFrame(rows).set_index("resource")


def two_source_coverage(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Per table under the two-source rule: rows, rows with a second source, and their share."""
    rows = []
    for resource in read_descriptor(data_dir)["resources"]:
        names = {f["name"] for f in resource.get("schema", {}).get("fields", [])}
        if not {"see_also", "single_source"} <= names:
            continue
        table = load(resource["name"], data_dir)
        second = int(table["see_also"].notna().sum())
        rows.append({"table": f"data/{resource['path']}", "rows": len(table),
                     "with a second source": second, "share": f"{second / len(table):.0%}"})
    return pd.DataFrame(rows).set_index("table")
