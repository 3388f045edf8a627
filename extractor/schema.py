"""The JSON Schema that ``govreport schema`` and ``GET /v1/schema`` print: the contract's models
(``extractor.contract.json_schema``) with each table, row and number described by the words
the template prints (``extractor.template_labels``).

Table 3's rows share one model of seven columns in the contract; here each row refers to a
copy of it (``Applications_<row>``) so that every number carries its own row and column words.
"""

from __future__ import annotations

import copy
from typing import Any

from extractor.contract import APPLICATION_ROWS, PROACTIVE_BY_TEMPLATE, REVIEW_BLOCKS, json_schema
from extractor.template_labels import (
    TABLE_TITLES,
    applicant_column_printed,
    application_row_printed,
    labels_by_key,
    proactive_row_label,
    review_block_printed,
)


def _describe(model: dict[str, Any], words: dict[str, str]) -> None:
    for name, text in words.items():
        model["properties"][name]["description"] = text


def labelled_schema() -> dict[str, Any]:
    schema = json_schema()
    defs = schema["$defs"]
    _describe(defs["Tables"], TABLE_TITLES)
    for version, rows in PROACTIVE_BY_TEMPLATE.items():
        labels = labels_by_key(version)
        _describe(defs[f"ProactiveDisclosure{version}"], {row: proactive_row_label(row, version) for row in rows})
        for row, columns in rows.items():
            _describe(defs[f"ProactiveDisclosure{version}_{row}"],
                      {c: labels[f"proactive_disclosure.{row}.{c}"].label for c in columns})
    labels = labels_by_key()
    applications = defs["Applications"]["properties"]
    row_model = defs["ApplicantRow"]
    _describe(defs["ApplicantRow"], {c: applicant_column_printed(c) for c in row_model["properties"]})
    for row in APPLICATION_ROWS:
        name = f"Applications_{row}"
        model = copy.deepcopy(row_model)
        model["title"] = name
        _describe(model, {c: labels[f"applications.{row}.{c}"].label for c in model["properties"]})
        defs[name] = model
        field = applications[row]
        field["anyOf"] = [{"$ref": f"#/$defs/{name}"} if part.get("$ref") else part for part in field["anyOf"]]
        field["description"] = application_row_printed(row)
    _describe(defs["ReviewLitigation"], {b: review_block_printed(b) for b in REVIEW_BLOCKS})
    for block in REVIEW_BLOCKS:
        model = defs[f"ReviewLitigation_{block}"]
        _describe(model, {c: labels[f"review_litigation.{block}.{c}"].label for c in model["properties"]})
    schema["$defs"] = dict(sorted(defs.items()))
    return schema
