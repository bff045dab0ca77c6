"""One exception tree; every message says what to do next."""


class AssistantError(Exception):
    """Base of every error the assistant reports to a user."""


class ConfigError(AssistantError):
    """A setting is missing or invalid."""


class DocumentError(AssistantError):
    """A document in docs_source/ cannot be read or parsed."""


class IndexNotReady(AssistantError):
    """The index is missing, stale or corrupt and could not be rebuilt."""


class BadQuestion(AssistantError):
    """The question cannot be answered as given (empty, not text...)."""


class EmbeddingError(AssistantError):
    """The embedding backend failed or is not installed."""


class LLMError(AssistantError):
    """The LLM endpoint failed, timed out or replied with invalid citations."""


class LLMTimeout(LLMError):
    """The endpoint did not answer within settings.llm_timeout."""


class LLMUnavailable(LLMError):
    """The endpoint could not be reached (`status` None) or answered with an HTTP error (`status`), or
    its answer was not a chat completion (`malformed`)."""

    def __init__(self, message: str, status: int | None = None, malformed: bool = False):
        super().__init__(message)
        self.status, self.malformed = status, malformed


class LLMReplyError(LLMError):
    """The endpoint answered, but the reply failed the citation checks."""

    reason_ja: str = ""  # why, for the notice shown with the offline answer
