"""The data dictionary (docs/dictionary.md) is what its generator writes today, and
`govreport schema` describes every number with the same words."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from extractor.cli import app
from extractor.contract import (
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    PROACTIVE_BY_TEMPLATE,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
)
from extractor.template_labels import TABLE_TITLES, field_labels, labels_by_key
from scripts.data_dictionary import TARGET, render


def test_the_dictionary_in_the_docs_is_current() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), "run python scripts/data_dictionary.py"


def test_the_dictionary_names_every_key_of_both_templates_once_per_wording() -> None:
    keys = {f"proactive_disclosure.{row}.{col}" for spec in PROACTIVE_BY_TEMPLATE.values()
            for row, cols in spec.items() for col in cols}
    keys |= {f"applications.{row}.{col}" for row in APPLICATION_ROWS for col in APPLICANT_COLUMNS}
    keys |= {f"review_litigation.{block}.{col}" for block in REVIEW_BLOCKS for col in REVIEW_COLUMNS}
    labels = field_labels()
    assert {f.key for f in labels} == keys
    text = TARGET.read_text(encoding="utf-8")
    assert all(f"| `{key}` |" in text for key in keys)
    # Within a template and a table, no two numbers share their words.
    for version in ("2019", "2021"):
        seen = [(f.table, f.label) for f in labels if version in f.templates]
        assert len(seen) == len(set(seen)), version
        assert {f.key for f in labels if version in f.templates} == {
            k for k in keys if not k.startswith("proactive_disclosure.")
            or k.split(".")[1] in PROACTIVE_BY_TEMPLATE[version]
            and k.split(".")[2] in PROACTIVE_BY_TEMPLATE[version][k.split(".")[1]]}


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A field's model: through its $ref, or the non-null branch of its anyOf."""
    for part in node.get("anyOf", [node]):
        if "$ref" in part:
            return schema["$defs"][part["$ref"].rsplit("/", 1)[1]]
    return node


def test_the_schema_describes_every_number_with_the_templates_words() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    tables = _resolve(schema, schema["properties"]["tables"])
    for table, title in TABLE_TITLES.items():
        assert tables["properties"][table]["description"] == title
    described = 0
    for version, proactive in (("2021", 0), ("2019", 1)):
        model = schema["$defs"][tables["properties"]["proactive_disclosure"]["anyOf"][proactive]["$ref"].rsplit("/", 1)[1]]
        for row, node in model["properties"].items():
            for column, field in _resolve(schema, node)["properties"].items():
                assert field["description"] == labels_by_key(version)[f"proactive_disclosure.{row}.{column}"].label
                described += 1
    for table in ("applications", "review_litigation"):
        model = _resolve(schema, tables["properties"][table])
        for row, node in model["properties"].items():
            assert node["description"]
            for column, field in _resolve(schema, node)["properties"].items():
                assert field["description"] == labels_by_key()[f"{table}.{row}.{column}"].label
                described += 1
    proactive = {(v, f.key) for f in field_labels() for v in f.templates if f.table == "proactive_disclosure"}
    others = {f.key for f in field_labels() if f.table != "proactive_disclosure"}
    assert described == len(proactive) + len(others)
