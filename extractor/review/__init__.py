"""The review page: a report's tables as the national template prints them, each number beside
its place in the original, the failed 勾稽 checks on their cells, and reviewers' corrections
stored apart from the extraction. Served by ``govreport serve`` at ``/`` and, read-only, over a
batch folder by ``govreport review OUT/``."""
