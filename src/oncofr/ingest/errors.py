"""The error raised for an input that cannot become a document."""


class InputError(ValueError):
    """An input that cannot be read; `hint` says what the user can do about it."""

    def __init__(self, source: str, message: str, hint: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.hint = hint
