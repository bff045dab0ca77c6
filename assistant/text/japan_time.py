"""Times as staff read them: in Japan time, whatever zone the server runs in, and saying so.

The zone comes from the IANA database through zoneinfo: the system's (/usr/share/zoneinfo) where there
is one, else the `tzdata` package, a dependency for machines without one (slim containers, Windows)."""
from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.errors import AssistantError

ZONE = "Asia/Tokyo"
LABEL = "日本時間"


@cache
def tokyo() -> ZoneInfo:
    try:
        return ZoneInfo(ZONE)
    except ZoneInfoNotFoundError:
        raise AssistantError(f"タイムゾーン {ZONE} が見つかりません。この環境には時刻帯のデータがありません: "
                             "`pip install tzdata` で入れてください（bash scripts/setup.sh が入れます）。") from None


def now() -> datetime:
    """The current time in Japan (timezone-aware)."""
    return datetime.now(tokyo())


def in_japan(when: datetime) -> datetime:
    """`when` in Japan time; a time without a zone is taken as the server's local time."""
    return (when if when.tzinfo is not None else when.astimezone()).astimezone(tokyo())


def shown(when: datetime) -> str:
    """「2026年12月4日 15:30（日本時間）」"""
    j = in_japan(when)
    return f"{j.year}年{j.month}月{j.day}日 {j.hour:02d}:{j.minute:02d}（{LABEL}）"
