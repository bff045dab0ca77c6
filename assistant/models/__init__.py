"""The data types, in one place: a sheet of the catalog, a chunk and a retrieval hit, a citation and an
answer, one request through the chain, and the indicator table's rows."""
from assistant.models.answer import Answer, AnswerMode, AnswerShape, Carried, Citation, Composed
from assistant.models.indicators import Indicator, IndicatorRow, Quote, Value
from assistant.models.retrieval import Chunk, Retrieval, SheetHit
from assistant.models.sheet import Mention, Place, Sheet, SheetKind, sheet_id
from assistant.models.turn import Turn

__all__ = ["Answer", "AnswerMode", "AnswerShape", "Carried", "Chunk", "Citation", "Composed", "Indicator",
           "IndicatorRow", "Mention", "Place", "Quote", "Retrieval", "Sheet", "SheetHit", "SheetKind", "Turn",
           "Value", "sheet_id"]
