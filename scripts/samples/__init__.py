"""The sample builder behind scripts/make_samples.py, and the DOCX tools tests/corpus/variants.py shares.

docx_builder     generic python-docx helpers (fonts, page, tables, cells, paragraphs, reproducible zip)
national_tables  the national template's tables 2/3/4: layout on a Grid, standard texts, table blocks
narrative        title, seed paragraphs, headings, gaps and signature as blocks
replicas         the five replicas as data: numbers, hazards, layout choices
verify           checks that a replica's PDF shows the hazards it was built for
"""
