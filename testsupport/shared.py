"""The shared folder beside the repository (``../shared``): seed documents and the independent pack checker.

CI clones the repository with ``shared/`` beside it; a checkout without it skips the tests that need it.
"""

import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS = SHARED / "seeds"
CHECK_PACK = SHARED / "tools" / "check_pack.py"


def check_pack(path) -> subprocess.CompletedProcess:
    """Run the independent checker over a built pack (its summary line is in ``stdout``)."""
    if not CHECK_PACK.exists():
        pytest.skip(f"the pack checker is not at {CHECK_PACK}")
    return subprocess.run([sys.executable, str(CHECK_PACK), str(path)], capture_output=True, text=True)
