"""Import every stage package so that their component factories are registered."""

import oncofr.check.quality  # noqa: F401
import oncofr.clean.component  # noqa: F401
import oncofr.qualify  # noqa: F401
import oncofr.recognize.disorders  # noqa: F401
import oncofr.recognize.drugs  # noqa: F401
import oncofr.recognize.icdo3  # noqa: F401
import oncofr.recognize.labs  # noqa: F401
import oncofr.recognize.metastasis  # noqa: F401
import oncofr.recognize.model  # noqa: F401
import oncofr.recognize.patient  # noqa: F401
import oncofr.recognize.procedures  # noqa: F401
import oncofr.recognize.response  # noqa: F401
import oncofr.recognize.series  # noqa: F401
import oncofr.recognize.temporal  # noqa: F401
import oncofr.recognize.tumour_attributes  # noqa: F401
import oncofr.record.adverse_events  # noqa: F401
import oncofr.record.labs  # noqa: F401
import oncofr.record.outcome  # noqa: F401
import oncofr.record.patient  # noqa: F401
import oncofr.record.series  # noqa: F401
import oncofr.record.timeline  # noqa: F401
import oncofr.record.treatments  # noqa: F401
import oncofr.record.tumours  # noqa: F401
import oncofr.segment  # noqa: F401
