"""Client for the Assay reward service (`assay serve`).

The server address comes from ``ASSAY_URL`` (default ``http://127.0.0.1:8080``), the bearer
token from ``ASSAY_API_KEY``. Standard library only, so it installs anywhere a trainer runs.
"""
from .client import AssayClient, AssayError, GroupResult

__all__ = ["AssayClient", "AssayError", "GroupResult"]
