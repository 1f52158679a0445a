"""The digest's inline chart: new leads per day for the last days (stacked by priority), and the
leads resolved each day, as a PNG drawn with Pillow.

Chinese labels use the WenQuanYi Micro Hei font when it is installed (Debian: fonts-wqy-microhei);
without it the chart is drawn without text, and the digest's table says the same in words. Drawn
at twice the displayed size so it stays sharp on phone screens.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

FONT_PATHS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)
COLORS = {"P1": (204, 0, 0), "P2": (230, 136, 0), "P3": (68, 136, 204), "-": (150, 150, 150)}
RESOLVED = (34, 139, 34)
WIDTH, HEIGHT = 960, 600  # shown at 480 × 300 (a phone scales it to its width)
SCALE = 2


@cache
def cjk_font_path() -> Path | None:
    """The first installed CJK font, or None."""
    return next((path for path in FONT_PATHS if path.exists()), None)


def _font(size: int):
    path = cjk_font_path()
    return ImageFont.truetype(str(path), size * SCALE) if path else None


def chart_png(days: list[dict[str, Any]], title: str = "") -> bytes:
    """A PNG of ``days``, each ``{"day": "2026-11-25", "P1": 1, "P2": 0, "P3": 4, "resolved": 2}``.

    >>> chart_png([{"day": "2026-11-25", "P1": 1, "P2": 0, "P3": 4, "resolved": 2}])[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(15), _font(12)
    left, right, top, bottom = (
        40 * SCALE,
        12 * SCALE,
        (62 if font else 12) * SCALE,
        (28 if font else 10) * SCALE,
    )
    plot_w, plot_h = WIDTH - left - right, HEIGHT - top - bottom
    totals = [sum(d.get(p, 0) for p in COLORS) for d in days]
    peak = max([*totals, *(d.get("resolved", 0) for d in days), 1])
    step = _nice_step(peak)
    top_value = step * (peak // step + 1)  # headroom for the figures above the bars
    # grid and y labels
    for value in range(0, top_value + 1, step):
        y = top + plot_h - plot_h * value / top_value
        draw.line([(left, y), (WIDTH - right, y)], fill=(225, 225, 225), width=SCALE)
        if small:
            draw.text((left - 6 * SCALE, y), str(value), fill=(90, 90, 90), font=small, anchor="rm")
    slot = plot_w / max(len(days), 1)
    bar = slot * 0.62
    points = []
    for index, day in enumerate(days):
        x0 = left + index * slot + (slot - bar) / 2
        y = top + plot_h
        for priority in ("P3", "P2", "P1", "-"):
            count = day.get(priority, 0)
            if not count:
                continue
            height = plot_h * count / top_value
            draw.rectangle([x0, y - height, x0 + bar, y], fill=COLORS[priority])
            y -= height
        if small and totals[index]:
            draw.text(
                (x0 + bar / 2, y - 3 * SCALE), str(totals[index]), fill=(40, 40, 40), font=small, anchor="md"
            )
        points.append((x0 + bar / 2, top + plot_h - plot_h * day.get("resolved", 0) / top_value))
        if small and (index % 3 == (len(days) - 1) % 3):  # every third day, always the last
            label = day["day"][5:].replace("-", "/")
            draw.text(
                (x0 + bar / 2, HEIGHT - bottom + 6 * SCALE), label, fill=(90, 90, 90), font=small, anchor="mt"
            )
    if len(points) > 1:
        draw.line(points, fill=RESOLVED, width=2 * SCALE, joint="curve")
    for x, y in points:
        draw.ellipse([x - 3 * SCALE, y - 3 * SCALE, x + 3 * SCALE, y + 3 * SCALE], fill=RESOLVED)
    draw.line([(left, top + plot_h), (WIDTH - right, top + plot_h)], fill=(120, 120, 120), width=SCALE)
    if font:
        draw.text((left, 8 * SCALE), title, fill=(30, 30, 30), font=font)
        _legend(draw, small)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _legend(draw: ImageDraw.ImageDraw, font) -> None:
    x, y = 34 * SCALE, 34 * SCALE
    for name, color in (
        ("P1", COLORS["P1"]),
        ("P2", COLORS["P2"]),
        ("P3", COLORS["P3"]),
        ("已解决", RESOLVED),
    ):
        draw.rectangle([x, y + 2 * SCALE, x + 11 * SCALE, y + 13 * SCALE], fill=color)
        x += 16 * SCALE
        draw.text((x, y), name, fill=(60, 60, 60), font=font)
        x += draw.textlength(name, font=font) + 18 * SCALE


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if peak / step <= 5:
            return step
    return 10 ** len(str(peak))
