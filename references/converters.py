"""URL converters shared by every app that offers citation downloads."""
from django.urls import register_converter

from .exports import FORMATS


class ExportFormat:
    """The file extension of a citation download: bib, ris or json."""

    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "export")
