"""The HTTP client: math grading and group rewards/advantages (standard library only)."""
from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Optional, Sequence

DEFAULT_URL = "http://127.0.0.1:8080"


class AssayError(RuntimeError):
    """The server could not be reached, or refused the request (the message says which and why)."""

    def __init__(self, message: str, status: Optional[int] = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class GroupResult:
    """Verdicts, rewards and advantages for one group of candidates, in candidate order."""

    rewards: list
    advantages: list
    statuses: list
    extracted: list
    mean_reward: float
    degenerate: Optional[str]


class AssayClient:
    """A small client for ``assay serve``.

    Retries 429 and 503 answers (honouring ``Retry-After``) and connection failures a few times;
    any other failure raises :class:`AssayError` with the server's message. Rewards are never
    invented on failure: a trainer that cannot get a verdict gets an exception.
    """

    def __init__(self, url: Optional[str] = None, api_key: Optional[str] = None, timeout: float = 60.0,
                 retries: int = 4, run: Optional[str] = None):
        self.url = (url or os.environ.get("ASSAY_URL") or DEFAULT_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("ASSAY_API_KEY")
        self.timeout = timeout
        self.retries = retries
        self.run = run

    # -- endpoints -----------------------------------------------------------------------

    def grade_math(self, completions: Sequence[str], golds: Sequence[str], step: Optional[int] = None,
                   prompts: Optional[Sequence[str]] = None) -> list:
        """Grades each completion against its gold answer; returns the server's verdict objects.

        With ``prompts`` (one per completion) the server stores each prompt with its problem, so
        that ``assay export sft`` can turn verified completions into chat examples later.
        """
        if len(completions) != len(golds):
            raise ValueError(f"{len(completions)} completions but {len(golds)} gold answers")
        if prompts is not None and len(prompts) != len(completions):
            raise ValueError(f"{len(completions)} completions but {len(prompts)} prompts")
        if not completions:
            return []
        items = [{"completion": c, "gold": g} for c, g in zip(completions, golds)]
        if prompts is not None:
            for item, prompt in zip(items, prompts):
                item["prompt"] = prompt
        body: dict = {"items": items}
        self._add_run(body, step)
        return self._post("/v1/math/grade", body)["results"]

    def group(self, gold: str, candidates: Sequence[str], method: str = "grpo", prompt: Optional[str] = None,
              step: Optional[int] = None) -> GroupResult:
        """Checks one group of candidates for one problem: rewards and group advantages."""
        answer = self._group_request(gold, candidates, method, prompt=prompt, step=step)
        return GroupResult(
            rewards=answer["rewards"], advantages=answer["advantages"],
            statuses=[r["status"] for r in answer["results"]],
            extracted=[r.get("extracted") for r in answer["results"]],
            mean_reward=answer["mean_reward"], degenerate=answer.get("degenerate"))

    def health(self) -> dict:
        """The server's ``/healthz`` answer."""
        return self._request("GET", "/healthz", None)

    def _group_request(self, gold: str, candidates: Sequence[str], method: str, *, prompt: Optional[str] = None,
                       problem_id: Optional[str] = None, reward_policy: Optional[dict] = None,
                       step: Optional[int] = None) -> dict:
        """``POST /v1/groups``; the server's whole answer."""
        problem: dict = {"gold": gold}
        if prompt is not None:
            problem["prompt"] = prompt
        if problem_id is not None:
            problem["id"] = problem_id
        body: dict = {"problem": problem, "candidates": list(candidates), "method": method}
        if reward_policy is not None:
            body["reward_policy"] = reward_policy
        self._add_run(body, step)
        return self._post("/v1/groups", body)

    # -- transport -----------------------------------------------------------------------

    def _add_run(self, body: dict, step: Optional[int]) -> None:
        if self.run is not None:
            body["run"] = self.run
        if step is not None:
            body["step"] = step

    def _post(self, path: str, body: dict) -> Any:
        return self._request("POST", path, body)

    def _request(self, method: str, path: str, body: Optional[dict]) -> Any:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        last = ""
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as error:
                text = error.read().decode(errors="replace")[:500]
                if error.code in (429, 503) and attempt < self.retries:
                    delay = float(error.headers.get("Retry-After") or 0.5 * 2 ** attempt)
                    last = f"HTTP {error.code}: {text}"
                    time.sleep(min(delay, 30.0))
                    continue
                raise AssayError(f"{method} {self.url}{path} failed with HTTP {error.code}: {text}", error.code) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                last = str(getattr(error, "reason", error))
                if attempt < self.retries:
                    time.sleep(0.5 * 2 ** attempt)
                    continue
        raise AssayError(f"cannot get an answer from {self.url}{path} after {self.retries + 1} attempts: {last}. "
                         "Is `assay serve` running, and is ASSAY_URL right?")
