"""One-line text: what may go in a name, a title or an e-mail subject.

A one-line value holds no line break and no control character: nothing in Unicode category Cc (which
includes CR, LF and tab) and neither of the Unicode line and paragraph separators. Forms refuse such values
(:class:`core.forms.OneLineFieldsMixin`); :func:`one_line` makes any stored text safe where one line is
required, such as an e-mail header.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

ONE_LINE_MESSAGE = "This must be on one line, without line breaks or control characters."

# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; then the line and paragraph separators.
_BREAKING = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_BREAKING_CHAR = re.compile(f"[{_BREAKING}]")
_BREAKING_RUN = re.compile(rf"\s*[{_BREAKING}][{_BREAKING}\s]*")


def is_one_line(value: str) -> bool:
    return _BREAKING_CHAR.search(value) is None


def validate_one_line(value) -> None:
    """Refuse a value with a line break or a control character (lists: any of their strings)."""
    values = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(v, str) and not is_one_line(v) for v in values):
        raise ValidationError(ONE_LINE_MESSAGE, code="one_line")


def one_line(text: str) -> str:
    """``text`` on one line: each run of line breaks and control characters becomes one space."""
    return _BREAKING_RUN.sub(" ", text or "").strip()
