"""The exceptions newsbrief raises; each message is one line a user can act on."""


class NewsbriefError(Exception):
    """Base class: anything newsbrief refuses, with a one-line reason."""


class InputError(NewsbriefError):
    """The input cannot be read as an article (empty, binary, too large, malformed)."""


class FetchError(NewsbriefError):
    """A URL could not be fetched safely (refused address, timeout, size limit, HTTP error)."""


class AddressRefusedError(FetchError):
    """A URL leads to a private, loopback or link-local address and those were not allowed."""


class MissingExtraError(NewsbriefError):
    """A feature needs an optional dependency that is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the optional extra: pip install 'newsbrief[{extra}]'")
