"""Active time from save timestamps and a texts-per-day column chart: pure, stdlib only."""
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from statistics import median
from xml.sax.saxutils import escape

# A gap between two saves longer than this is a pause (lunch, another task), not annotation time.
IDLE_CUTOFF = timedelta(minutes=5)


def active_seconds(saves: Sequence[datetime], idle_cutoff: timedelta = IDLE_CUTOFF) -> float:
    """The sum of gaps between consecutive saves that are not longer than idle_cutoff."""
    ordered = sorted(saves)
    return sum(gap.total_seconds() for gap in (b - a for a, b in zip(ordered, ordered[1:])) if gap <= idle_cutoff)


def median_active_seconds(saves_per_text: Sequence[Sequence[datetime]],
                          idle_cutoff: timedelta = IDLE_CUTOFF) -> float | None:
    """The median over texts of their active time; texts with fewer than two saves have no measurable time."""
    times = [active_seconds(saves, idle_cutoff) for saves in saves_per_text if len(saves) >= 2]
    return median(times) if times else None


def days_between(counts: dict[date, int]) -> list[tuple[date, int]]:
    """Every day from the first to the last with a count, days without any as 0."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range((last - first).days + 1)]


def per_day_chart(days: Sequence[tuple[date, int]], *, title: str) -> str:
    """Vertical bars, one per day, each with its count printed above it (readable without colour)."""
    column, height, top = 28, 120, 40
    peak = max((count for _, count in days), default=0) or 1
    width = max(200, 20 + column * len(days))
    body = [f'<text x="8" y="18" font-family="sans-serif" font-size="14" font-weight="bold">{escape(title)}</text>']
    for i, (day, count) in enumerate(days):
        x = 10 + i * column
        bar = height * count / peak
        y = top + height - bar
        body.append(f'<rect x="{x}" y="{y:.1f}" width="{column - 6}" height="{bar:.1f}" fill="#4a78b0" stroke="#222">'
                    f'<title>{day.isoformat()}: {count}</title></rect>')
        body.append(f'<text x="{x + (column - 6) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                    f'font-family="sans-serif" font-size="12">{count}</text>')
        if i == 0 or i == len(days) - 1 or day.day == 1:
            body.append(f'<text x="{x}" y="{top + height + 16}" font-family="sans-serif" font-size="12">'
                        f'{day.strftime("%d %b")}</text>')
    total_height = top + height + 24
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total_height}" '
            f'viewBox="0 0 {width} {total_height}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")
