"""Bulk conversion: many reports to one JSON each, in parallel, resumable."""
