"""Trained models shipped with govreport (installed as the package ``govreport_models``).

``sections/``: the paragraph classifier (spaCy textcat), retrained by scripts/train_sections.py.
"""
