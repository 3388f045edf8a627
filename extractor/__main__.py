"""``python -m extractor``: the ``govreport`` command."""

from extractor.startup import main

main()
