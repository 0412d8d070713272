"""Settings for bench/load.py: the site's own settings, plus a bare view (the floor) in front of its URLs.

The floor never reaches the production URLconf: only DJANGO_SETTINGS_MODULE=bench.settings serves it.
BENCH_STATIC_ROOT, when set, sends collectstatic's output (and servestatic's lookups) to a temporary folder.
"""

import os
from pathlib import Path

from community.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
