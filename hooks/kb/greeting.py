"""The opening line by clock and calendar, computed at build time for the browser.

The seed names the holidays and their greetings but no dates; the spans are a house rule
(本中心规范, declared on about.md) following the statutory days off in
《全国年节及纪念日放假办法》 (2025 revision): 元旦 1 day, 春节 除夕 to 正月初三,
劳动节 May 1–2, 中秋 1 day, 国庆 Oct 1–3.
Lunar dates come from lunardate, never from a hand-typed table.
"""
from __future__ import annotations

import datetime

from lunardate import LunarDate

from kb.loader import DataError

MORNING_ENDS_AT_HOUR = 12  # the seed: 早上 is 00:00–12:00

# (holiday, greeting card id). Earlier entries win when two holidays share a day.
HOLIDAY_CARDS = {
    "元旦": "holiday-new-year",
    "春节": "holiday-new-year",
    "中秋节": "holiday-mid-autumn",
    "劳动节": "holiday-labour-day",
    "国庆节": "holiday-national-day",
}
MORNING_CARD = "opening-morning"
DEFAULT_CARD = "opening-standard"


def holiday_dates(year: int) -> dict[datetime.date, str]:
    """Every greeting day in one Gregorian year, mapped to its holiday name."""
    days: dict[datetime.date, str] = {}

    def add(name, *dates):
        for day in dates:
            if day.year == year:
                days.setdefault(day, name)

    add("元旦", datetime.date(year, 1, 1))
    for lunar_year in (year - 1, year):
        new_year = LunarDate(lunar_year, 1, 1).to_solar_date()
        eve = new_year - datetime.timedelta(days=1)
        add("春节", eve, *(new_year + datetime.timedelta(days=n) for n in range(3)))
        add("中秋节", LunarDate(lunar_year, 8, 15).to_solar_date())
    add("劳动节", datetime.date(year, 5, 1), datetime.date(year, 5, 2))
    add("国庆节", *(datetime.date(year, 10, d) for d in (1, 2, 3)))
    return days


def greeting_data(cards_by_id: dict[str, dict], first_year: int, last_year: int) -> dict:
    """Plain data for assets/kb/greeting.json: the lines and which days use which."""
    needed = {MORNING_CARD, DEFAULT_CARD, *HOLIDAY_CARDS.values()}
    for card_id in sorted(needed):
        if card_id not in cards_by_id:
            raise DataError("hooks/kb/greeting.py", None,
                            f"找不到开头语卡片“{card_id}”：节日和时段开头语需要它，请在话术本中保留这张卡片",
                            missing=f"card:{card_id}")

    def line(card_id):
        card = cards_by_id[card_id]
        return {"card": card_id, "text": card["lines"][0]["text"], "segments": card["lines"][0]["segments"]}

    holidays = {}
    for year in range(first_year, last_year + 1):
        for day, name in sorted(holiday_dates(year).items()):
            holidays[day.isoformat()] = {"holiday": name, **line(HOLIDAY_CARDS[name])}
    return {
        "morning_ends_at_hour": MORNING_ENDS_AT_HOUR,
        "morning": line(MORNING_CARD),
        "default": line(DEFAULT_CARD),
        "holidays": holidays,
    }
