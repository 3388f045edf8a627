"""Agency identity: the division table, name normalisation and the ``identity`` block."""
