"""OpenRLHF: no code needed. Point ``--remote_rm_url`` at the server's ``/get_reward``:

    --remote_rm_url http://127.0.0.1:8080/get_reward?run=my-experiment

with the gold answers as the dataset's labels (``--label_key``). :func:`remote_rm_url` builds the
address from ``ASSAY_URL``.
"""
from __future__ import annotations

import os
import urllib.parse
from typing import Optional


def remote_rm_url(run: Optional[str] = None, url: Optional[str] = None) -> str:
    """The ``--remote_rm_url`` value for this server (and run name)."""
    base = (url or os.environ.get("ASSAY_URL") or "http://127.0.0.1:8080").rstrip("/")
    query = f"?{urllib.parse.urlencode({'run': run})}" if run else ""
    return f"{base}/get_reward{query}"
