"""Active time from saves and the per-day chart."""
from datetime import date, datetime, timedelta

from app.desk.activity import active_seconds, days_between, median_active_seconds, per_day_chart

T0 = datetime(2026, 12, 1, 9, 0, 0)


def at(*minutes: float) -> list[datetime]:
    return [T0 + timedelta(minutes=m) for m in minutes]


def test_gaps_over_the_idle_cutoff_are_not_counted():
    # 2 min + 3 min are work; the 40 min gap is a pause; then 1 min more.
    assert active_seconds(at(0, 2, 5, 45, 46)) == 6 * 60


def test_saves_out_of_order_are_sorted_first():
    assert active_seconds(at(4, 0, 2)) == 4 * 60


def test_the_median_leaves_out_texts_with_one_save():
    assert median_active_seconds([at(0, 1), at(0, 3), at(0, 4), at(7)]) == 3 * 60
    assert median_active_seconds([at(7)]) is None


def test_days_without_submissions_are_zero():
    assert days_between({date(2026, 12, 1): 2, date(2026, 12, 3): 1}) == [
        (date(2026, 12, 1), 2), (date(2026, 12, 2), 0), (date(2026, 12, 3), 1)]


def test_the_chart_prints_each_count_and_names_itself():
    svg = per_day_chart([(date(2026, 12, 1), 2), (date(2026, 12, 2), 5)], title="Texts <per> day")
    assert 'aria-label="Texts &lt;per&gt; day"' in svg and ">5</text>" in svg and ">2</text>" in svg
