"""The review page's layout of the three tables, in the words of ``extractor.mapping.labels``
(the one table of the templates' printed labels, which export, dictionary and schema read too).
Only layout is here: table 2's blocks under their header rows, and the sections' names.
"""

from __future__ import annotations

from extractor.contract import PROACTIVE_BY_TEMPLATE
from extractor.template_labels import (  # noqa: F401 - the page's names for the shared words
    APPLICANTS_HEAD,
    APPLICATION_TOP_ROWS,
    APPLICATIONS_CORNER,
    LEGAL_PERSON_COLUMNS,
    LEGAL_PERSONS_HEAD,
    LITIGATION_HEAD,
    OUTCOMES_HEAD,
    REVIEW_BLOCK_LABELS,
    REVIEW_COLUMN_LABELS,
    REVIEW_HEAD,
    SECTION_LABELS,
    TABLE_TITLES,
    OutcomeGroup,
    applicant_column_label,
    application_row_label,
    outcome_groups,
    proactive_column_label,
    proactive_row_label,
)


def proactive_groups(version: str) -> list[tuple[tuple[str, ...], list[str]]]:
    """Table 2's blocks as printed: consecutive items sharing their columns, each block under
    its own header row (规章 and 规范性文件; the decisions; the fees…)."""
    groups: list[tuple[tuple[str, ...], list[str]]] = []
    for item, columns in PROACTIVE_BY_TEMPLATE[version].items():
        if groups and groups[-1][0] == columns:
            groups[-1][1].append(item)
        else:
            groups.append((columns, [item]))
    return groups
