"""One-line fields refuse line breaks and control characters, in every form of the portal.

A line break typed into a one-line field (a board's short name) once reached an e-mail subject and broke
every later notice to the board. The rule is kept in one place (:mod:`core.forms`); this test proves that
every form of every app holds it, by finding the forms rather than listing them.
"""

import datetime
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from actions import services as action_services
from boards.models import Membership, Person
from core.text import ONE_LINE_MESSAGE, one_line, validate_one_line
from meetings import services
from meetings.attendance import register_for
from meetings.enums import InterestType

pytestmark = pytest.mark.django_db

HOSTILE = "Line one\r\nBcc: x@evil.example"


def _form_modules(config) -> list[str]:
    """An app's ``forms`` module, and its other modules of forms named ``*_forms`` (``performance.entry_forms``)."""
    names = sorted(p.stem for p in Path(config.path).glob("*_forms.py"))
    return ["forms", *names]


def _portal_form_classes() -> list[type[forms.BaseForm]]:
    """Every concrete form defined in an app of this project's own ``forms`` (or ``*_forms``) modules."""
    found = []
    project = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(project) or "site-packages" in path.parts:
            continue  # Django's own apps and installed libraries (a virtualenv may sit inside the project)
        for name in _form_modules(config):
            try:
                module = importlib.import_module(f"{config.name}.{name}")
            except ModuleNotFoundError:
                continue
            found += _forms_of(module)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


def _forms_of(module) -> list[type[forms.BaseForm]]:
    found = []
    for _, cls in inspect.getmembers(module, inspect.isclass):
        if cls.__module__ != module.__name__ or not issubclass(cls, forms.BaseForm):
            continue
        if cls.__name__.endswith("Mixin") or (issubclass(cls, forms.BaseModelForm) and not cls._meta.model):
            continue  # building blocks, never shown on their own
        found.append(cls)
    return found


FORMS = _portal_form_classes()


def _form_kwargs(world) -> dict[str, dict]:
    """What each form needs to be built; a new form that needs something else fails here, by name."""
    board, meeting = world.board, world.meeting
    membership = Membership.objects.filter(board=board).first()
    return {
        "PersonForm": {"user": world.coordinator},
        "MyDetailsForm": {"user": world.coordinator},
        "AddMemberForm": {"board": board},
        "DeputyForm": {"membership": membership},
        "MeetingForm": {"board": board},
        "AgendaItemForm": {"board": board},
        "LeadForm": {"board": board},
        "DeferForm": {"meeting": meeting},
        "WorkProgrammeForm": {"board": board},
        "SeriesForm": {"board": board},
        "TimingForm": {"meeting": meeting},
        "StandInForm": {"meeting": meeting, "seats": Membership.objects.filter(board=board)},
        "ApologyForm": {"meeting": meeting, "seat": membership},
        "RegisterForm": {"register": register_for(meeting), "items": [], "candidates": {}},
        "AttendeeForm": {"meeting": meeting, "seats": Membership.objects.filter(board=board), "items": []},
        "DeclarationForm": {"meeting": meeting, "people": Person.objects.all(), "items": []},
        "InterestForm": {"types": [InterestType.CONFLICT]},
        "PeriodForm": {"periods": []},
        "ActionForm": {"board": board},
        "UpdateForm": {"action": world.action, "closing_meetings": True},
        "ReassignForm": {"board": board},
        "RecommendationForm": {"board": board},
        "RecommendationEditForm": {"recommendation": world.recommendation},
        "RecommendationUpdateForm": {"recommendation": world.recommendation},
        "FigureForm": {"indicator": world.indicator, "observation": world.figure},
        "IndicatorForm": {"board": board},
    }


def _one_line_fields(form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea) and not field.disabled
    ]


@pytest.fixture
def world(cast):
    cast.meeting = services.meeting_create(
        user=cast.coordinator, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )
    cast.action = action_services.action_create(
        user=cast.coordinator, board=cast.board, text="Report back.", owners=[cast.member.person]
    )
    from actions.recommendations import recommendation_create

    cast.recommendation = recommendation_create(
        user=cast.coordinator, board=cast.board, text="Keep one register.", made_on=datetime.date(2030, 1, 9)
    )
    from performance.enums import Unit
    from performance.tests.factories import IndicatorFactory, record

    # A percentage with a figure already entered: its form asks for every field, the reason too.
    cast.indicator = IndicatorFactory(board=cast.board, code="ATT", unit=Unit.PERCENTAGE)
    cast.figure = record(cast.indicator, "2015/16", 67)
    return cast


def test_the_forms_of_both_apps_are_found():
    names = {cls.__name__ for cls in FORMS}
    assert {"BoardForm", "PersonForm", "AgendaItemForm", "LeadForm", "PaperUploadForm", "SearchForm"} <= names
    assert {"FigureForm", "FiguresImportForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=[cls.__name__ for cls in FORMS])
def test_every_one_line_field_refuses_line_breaks(world, form_class):
    kwargs = _form_kwargs(world).get(form_class.__name__, {})
    blank = form_class(**kwargs)
    fields = _one_line_fields(blank)
    if not fields:
        pytest.skip(f"{form_class.__name__} has no one-line text field")
    form = form_class({blank.add_prefix(name): HOSTILE for name in fields}, **kwargs)
    assert not form.is_valid()
    refused = {name for name in fields if ONE_LINE_MESSAGE in form.errors.get(name, [])}
    assert refused == set(fields)
    assert not any(name in form.cleaned_data for name in fields)


WITH_TEXT_AREAS = [cls for cls in FORMS if any(isinstance(f.widget, forms.Textarea) for f in cls.base_fields.values())]


@pytest.mark.parametrize("form_class", WITH_TEXT_AREAS, ids=[cls.__name__ for cls in WITH_TEXT_AREAS])
def test_multi_line_fields_keep_their_line_breaks(world, form_class):
    kwargs = _form_kwargs(world).get(form_class.__name__, {})
    blank = form_class(**kwargs)
    text_areas = [name for name, field in blank.fields.items() if isinstance(field.widget, forms.Textarea)]
    two_lines = "First line\r\nSecond line"
    form = form_class({blank.add_prefix(name): two_lines for name in text_areas}, **kwargs)
    form.is_valid()
    assert not any(ONE_LINE_MESSAGE in form.errors.get(name, []) for name in text_areas)
    assert {form.cleaned_data[name] for name in text_areas if name in form.cleaned_data} == {two_lines}


@pytest.mark.parametrize(
    "value", ["a\nb", "a\rb", "a\tb", "a\x00b", "a\x1bb", "a\x7fb", "a\x85b", "a\u2028b", "a\u2029b"]
)
def test_control_characters_and_unicode_line_separators_are_refused(value):
    with pytest.raises(forms.ValidationError, match="must be on one line"):
        validate_one_line(value)


def test_ordinary_text_passes():
    validate_one_line("Chorley, South Ribble & West Lancs – Children’s Board (CPB) £5 ☂")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("CPB\r\nBcc: x@evil.example", "CPB Bcc: x@evil.example"),
        ("  Agenda\tpublished \u2028 now\n", "Agenda published now"),
        ("Plain", "Plain"),
    ],
)
def test_one_line_makes_any_text_safe_for_a_header(value, expected):
    assert one_line(value) == expected
