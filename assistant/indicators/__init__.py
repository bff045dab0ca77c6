"""Indicators of the plan: read from the 点検 draft's tables and the 施策集's KPI lines at index time,
joined across the two documents (assistant/indicators/extract.py, join.py, table.py)."""
from assistant.indicators.table import IndicatorTable, build
from assistant.models import Indicator, IndicatorRow, Quote, Value

__all__ = ["Indicator", "IndicatorRow", "IndicatorTable", "Quote", "Value", "build"]
