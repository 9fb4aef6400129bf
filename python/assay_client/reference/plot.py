"""A small SVG learning curve (no plotting dependency): GRPO batch accuracy, mean reward and
tool-call rate per step, with the held-out accuracy before and after as dashed lines."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Optional, Sequence

_SERIES = (("accuracy", "#1f77b4", "batch accuracy"), ("mean_reward", "#2ca02c", "mean reward"),
           ("tool_call_rate", "#ff7f0e", "tool-call rate"))


def write_svg(path: Path, records: Sequence[dict], before: Optional[float], after: Optional[float],
              title: str) -> None:
    width, height, left, right, top, bottom = 720, 360, 50, 170, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = [r["step"] for r in records] or [0, 1]
    lo_y = min([0.0] + [r["mean_reward"] for r in records])
    hi_y = 1.0

    def x(step: float) -> float:
        span = max(steps[-1] - steps[0], 1)
        return left + (step - steps[0]) / span * plot_w

    def y(value: float) -> float:
        return top + (hi_y - value) / (hi_y - lo_y) * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="14">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="black"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="black"/>']
    for tick in (lo_y, 0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>')
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" stroke="#eee"/>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle">GRPO step</text>')
    for tick in (steps[0], steps[len(steps) // 2], steps[-1]):
        parts.append(f'<text x="{x(tick):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{tick}</text>')
    legend_y = top + 10
    for key, colour, label in _SERIES:
        points = " ".join(f"{x(r['step']):.1f},{y(r[key]):.1f}" for r in records)
        if points:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{points}"/>')
        parts.append(f'<line x1="{left + plot_w + 10}" y1="{legend_y}" x2="{left + plot_w + 30}" y2="{legend_y}" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{left + plot_w + 35}" y="{legend_y + 4}">{label}</text>')
        legend_y += 18
    for value, colour, label in ((before, "#d62728", "held-out before"), (after, "#9467bd", "held-out after")):
        if value is None:
            continue
        parts.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" y2="{y(value):.1f}" stroke="{colour}" stroke-dasharray="6,4"/>')
        parts.append(f'<line x1="{left + plot_w + 10}" y1="{legend_y}" x2="{left + plot_w + 30}" y2="{legend_y}" stroke="{colour}" stroke-dasharray="6,4" stroke-width="2"/>')
        parts.append(f'<text x="{left + plot_w + 35}" y="{legend_y + 4}">{label} {value:.3f}</text>')
        legend_y += 18
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")
