"""``python -m balai_ml train|eval``."""

import sys

from balai_ml.cli import main

sys.exit(main())
