"""Command-line tools of the project (run as files); a package only so that `scripts.samples` imports."""
