"""Assay's GPU worker: evaluates CUDA kernel candidates in isolated child processes.

The protocol (JSON lines over stdin/stdout) is specified in ``worker/README.md``.
"""

__version__ = "0.1.0"

#: Version of the JSON-lines protocol; bumped on any incompatible change.
PROTOCOL_VERSION = 1
