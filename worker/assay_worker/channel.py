"""Messages between the worker and its evaluation child: JSON over a multiprocessing pipe.

JSON, not pickle: the child runs candidate code, and unpickling its bytes in the worker would let
that code run in the worker too. Messages child -> worker: ``ready`` (with the environment
fingerprint), ``start_failed``, ``stage`` (a stage begins), ``baselines``, ``result``.
Worker -> child: ``job``.
"""

from __future__ import annotations

import json
from multiprocessing.connection import Connection
from typing import Any

from .protocol import encode

MAX_MESSAGE_BYTES = 64 * 1024 * 1024


class ChannelError(RuntimeError):
    """A message that is not a JSON object."""


class Channel:
    """One end of the pipe."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def send(self, message: dict[str, Any]) -> None:
        self.conn.send_bytes(encode(message).encode("utf-8"))

    def recv(self) -> dict[str, Any]:
        data = self.conn.recv_bytes(MAX_MESSAGE_BYTES)
        try:
            obj = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ChannelError(f"malformed message from the evaluation process: {e}") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
            raise ChannelError("message from the evaluation process is not an object with a type")
        return obj
