"""Import every stage package so that their component factories are registered."""

import oncofr.clean.component  # noqa: F401
import oncofr.segment  # noqa: F401
