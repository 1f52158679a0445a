"""Charts drawn on the server as inline SVG (no JavaScript, nothing fetched): the dashboard's
30-day trend of leads found and resolved. Colours come from the stylesheet (classes only: the
Content-Security-Policy allows no inline styles)."""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup, escape


def trend_svg(
    days: list[date], counts: dict[str, dict[str, int]], width: int = 720, height: int = 220
) -> Markup:
    """Bars: leads found per day; line: leads resolved (办结) per day; one label every 5 days."""
    left, right, top, bottom = 34, 8, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    series = [counts.get(d.isoformat(), {}) for d in days]
    peak = max([1, *(s.get("new", 0) for s in series), *(s.get("resolved", 0) for s in series)])
    step = plot_w / max(1, len(days))
    y = lambda v: top + plot_h - v * plot_h / peak  # noqa: E731
    parts = [
        f'<svg class="trend" viewBox="0 0 {width} {height}" role="img" aria-labelledby="trend-title" '
        'xmlns="http://www.w3.org/2000/svg">',
        '<title id="trend-title">近 30 天每日新发现与办结线索数</title>',
    ]
    for tick in sorted({0, peak // 2, peak}):
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    points = []
    for i, (day, values) in enumerate(zip(days, series, strict=True)):
        x = left + i * step
        found, resolved = values.get("new", 0), values.get("resolved", 0)
        label = escape(f"{day.isoformat()}：新发现 {found}，办结 {resolved}")
        parts.append(
            f'<rect class="bar" x="{x + step * 0.15:.1f}" y="{y(found):.1f}" width="{step * 0.7:.1f}" '
            f'height="{plot_h - (y(found) - top):.1f}"><title>{label}</title></rect>'
        )
        points.append(f"{x + step / 2:.1f},{y(resolved):.1f}")
        if i % 5 == 0 or i == len(days) - 1:
            parts.append(
                f'<text class="axis" x="{x + step / 2:.1f}" y="{height - 8}" text-anchor="middle">'
                f"{day.month}/{day.day}</text>"
            )
    parts.append(f'<polyline class="line" points="{" ".join(points)}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def last_days(today: date, n: int = 30) -> list[date]:
    return [today - timedelta(days=n - 1 - i) for i in range(n)]
