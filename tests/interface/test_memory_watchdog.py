"""The memory limit holds inside one long call into C (issue 26): no Python step runs there,
so the in-Python check cannot; the watchdog thread ends the process with one line."""

from __future__ import annotations

import resource
import subprocess
import sys

from tests.helpers import ROOT

_BOMB = """
import sys, zlib
from extractor.limits import memory_limit
packer = zlib.compressobj()
data = b"".join(packer.compress(bytes(2**20)) for _ in range(600)) + packer.flush()
with memory_limit(100, "govreport: bomb.bin"):
    out = zlib.decompress(data)  # one call into C, its buffer growing to 600 MB
print("decompressed", len(out))
"""


def test_a_long_c_call_is_stopped_near_the_limit_with_one_line() -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-c", _BOMB], cwd=ROOT, env={"PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert done.returncode == 3, done.stderr
    assert done.stderr == "govreport: bomb.bin: limit exceeded: needs more than 100 MB of memory (--max-memory-mb)\n"
    assert before / 1024 > 200 or peak_mb < 200  # was 400 MB and a MemoryError traceback (the address-space cap)
