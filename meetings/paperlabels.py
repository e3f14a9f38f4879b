"""Papers' titles and labels as words: no Django in here (the pack engine uses it too).

A paper's label ("Appendix 6(a)", "Minutes") is worked out from its kind and place (:mod:`meetings.agenda`)
and never written into its title. Clerks and file names often carry one anyway ("Appendix 6(a): Youth
Justice data", ``02_App_B_figures.pdf``): :func:`strip_label` takes a leading appendix label off a title,
:func:`title_from_filename` makes a title out of a file's name, and :func:`kind_from_name` says what kind of
paper a title or file name suggests, if it says anything.
"""

from __future__ import annotations

import re
from pathlib import PurePath

__all__ = ["kind_from_name", "labelled", "strip_label", "title_from_filename"]

# The kinds a name can suggest (the values of meetings.enums.PaperKind).
APPENDIX = "appendix"
MINUTES = "minutes"
PRESENTATION = "presentation"
BACKGROUND = "background"

_SEPARATORS = ":-–—_.,;|/"
_WORD = r"(?:appendix|appendices|annexe?|attachment|enclosure)"
#: What an appendix is numbered or lettered by: "6(a)", "6a", "6.1", "2", "A", "A(i)", "iv".
_MARK = r"(?:\d{1,3}[a-z]?(?:\.\d{1,3})*(?:\s?\([a-z0-9]{1,4}\))*|[a-z](?:\s?\([a-z0-9]{1,4}\))?|[ivx]{1,5})"
_END = rf"(?=$|[\s{re.escape(_SEPARATORS)}])"
#: "Appendix 6(a)", "Annex B", "App 2", "App.B": a label with its number or letter.
_MARKED_LABEL = re.compile(rf"^(?:{_WORD}\s*(?:no\.?\s*)?|app\.?\s*){_MARK}{_END}", re.IGNORECASE)
#: "Appendix:" or "Annex -": the bare word, taken as a label only before punctuation (or alone).
_BARE_LABEL = re.compile(rf"^{_WORD}\s*(?=$|[{re.escape(_SEPARATORS)}])", re.IGNORECASE)
#: A leading item or sort number on a file name: "01 ", "6a ", "3.1 - ", "Item 6 - ", "(2) ". Never four
#: digits (a year: "2017-18 annual report").
_NUMBER = re.compile(
    r"^(?:(?:agenda\s*)?item\s*)?\(?\d{1,2}(?!\d)(?:[a-z](?![a-z]))?(?:\.\d{1,2}(?!\d))*\)?"
    rf"(?=$|[\s(){re.escape(_SEPARATORS)}])",
    re.IGNORECASE,
)
_PRESENTATION_SUFFIXES = {".ppt", ".pptx", ".odp", ".key"}
_SUFFIXES = {".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", *_PRESENTATION_SUFFIXES}


def _rest(text: str, end: int) -> str:
    """What follows a leading label or number, without the punctuation that set it off."""
    return text[end:].lstrip(" " + _SEPARATORS + ")").strip()


def strip_label(title: str) -> str:
    """``title`` without the appendix labels it starts with, if any: "Appendix 6(a): Youth Justice data",
    "Appendix A - Youth Justice data" and "App 2 Youth Justice data" give "Youth Justice data".

    A label with no number or letter is taken off only when punctuation follows it ("Appendix: data"), so
    "Annex to the plan" keeps its first word. What is left may be empty: the title was only a label.
    """
    text = " ".join(title.split())
    while True:
        match = _MARKED_LABEL.match(text) or _BARE_LABEL.match(text)
        if match is None:
            return text
        text = _rest(text, match.end())


def title_from_filename(name: str) -> str:
    """A title guessed from a file's name: its folder and extension, item numbers and labels it starts with,
    and underscores left out. ``"02_Appendix_6(a)_youth-justice-data.pdf"`` gives "Youth justice data"."""
    stem = PurePath(name.replace("\\", "/")).name
    while PurePath(stem).suffix.lower() in _SUFFIXES:
        stem = stem[: -len(PurePath(stem).suffix)]
    text = stem.replace("%20", " ")
    if " " not in text.strip():  # youth-justice-plan_2017-18: hyphens between words too, but 2017-18 stays
        text = re.sub(r"(?<!\d)-|-(?!\d)", " ", text)
    text = text.replace("_", " ").replace("+", " ")
    text = " ".join(text.split())
    for _ in range(4):  # "01 Item 6 - Appendix A - Data": each leading number and label in turn
        before = text
        number = _NUMBER.match(text)
        if number:
            text = _rest(text, number.end())
        text = strip_label(text)
        if text == before:
            break
    text = text.rstrip(" " + _SEPARATORS).strip()
    if text and text == text.lower():
        text = text[0].upper() + text[1:]
    return text[:300]


def kind_from_name(name: str) -> str | None:
    """The kind of paper a title or file name says it is ("appendix", "minutes", "presentation",
    "background"), or ``None`` when it does not say. An appendix label wins: "Appendix B - minutes of the
    LSCB" is an appendix."""
    suffix = PurePath(name).suffix.lower()
    stem = name[: -len(suffix)] if suffix in _SUFFIXES else name
    text = " ".join(stem.replace("_", " ").replace("-", " ").split())
    number = _NUMBER.match(text)
    if number:
        text = _rest(text, number.end())
    words = text.lower()
    if strip_label(text) != text or re.search(r"\b(appendix|annexe?)\b", words):
        return APPENDIX
    if re.search(r"\bminutes\b|\bnotes of (the )?((last|previous) )?meeting\b", words):
        return MINUTES
    if suffix in _PRESENTATION_SUFFIXES or re.search(r"\bpresentation\b|\bslides?\b|\bslide deck\b", words):
        return PRESENTATION
    if re.search(r"\bbackground\b", words):
        return BACKGROUND
    return None


def labelled(title: str, heading: str | None) -> str:
    """How a list names a paper: "Appendix 6(a): Youth Justice data"; "Minutes: Notes of the meeting ..."
    (or the title alone when it starts with its heading: "Minutes of 14 December"); a report by its title."""
    if not heading:
        return title
    if title.casefold().startswith(heading.casefold()) and not title[len(heading) : len(heading) + 1].isalnum():
        return title
    return f"{heading}: {title}"
