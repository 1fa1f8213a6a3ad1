"""``python -m jupyterlab_cloudshare.cli``: the same as ``jupyter cloudshare``."""

import sys

from . import main

sys.exit(main())
