"""``python -m reslint``."""

from __future__ import annotations

import sys

from reslint.cli import main

sys.exit(main())
