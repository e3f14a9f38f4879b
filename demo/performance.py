"""The LSCB's priorities and performance figures (``demo/data/performance.yaml``), from its annual report 2015-16.

Areas and the business plan's priorities are looked up before they are made; indicators are made through
:func:`performance.services.save_indicator`, their targets through :func:`~performance.services.set_target`
and every figure through :func:`~performance.services.record_observation`, acting as the portal, as a clerk
would enter them. Idempotent: an indicator or a target already there is left as it is, and recording a
figure again changes nothing ("unchanged"); a figure corrected in the YAML becomes its next revision, with
the reason below.
"""

from __future__ import annotations

from boards import priorities as priorities_service
from boards.models import Board, BusinessPlan, Organisation, Priority
from core.permissions import SYSTEM
from performance import computation, services
from performance.enums import ObservationStatus
from performance.models import Area, Indicator, Observation, Period, Target

from .content import demo_content

#: Why a figure is what it is, kept in its history.
REASON = "As printed in the LSCB annual report 2015-16"


class DemoDataError(Exception):
    """performance.yaml names an area, organisation or priority the demo does not have."""


def _areas(spec: list[dict]) -> dict[str, Area]:
    found = {}
    for row in spec:
        area, _ = Area.objects.get_or_create(name=row["name"], defaults={"kind": row["kind"], "code": row["code"]})
        found[area.name] = area
    return found


def _plan(board: Board, spec: dict | None):
    """The business plan the priorities belong to, made through the service the plan page uses."""
    if not spec:
        return None
    found = BusinessPlan.objects.filter(board=board, year_start=spec["year_start"]).first()
    return found or priorities_service.plan_create(
        user=SYSTEM,
        board=board,
        year_start=spec["year_start"],
        title=spec.get("title", ""),
        summary=" ".join(spec.get("summary", "").split()),
    )


def _priorities(board: Board, spec: list[dict], plan=None) -> dict[str, Priority]:
    found: dict[str, Priority] = {}
    position = 0

    def add(row: dict, parent: Priority | None) -> None:
        nonlocal position
        position += 1
        priority, _ = Priority.objects.get_or_create(
            board=board,
            plan=plan,
            number=row["number"],
            defaults={"parent": parent, "title": " ".join(row["title"].split()), "position": position},
        )
        found[priority.number] = priority
        for child in row.get("children", []):
            add(child, priority)

    for row in spec:
        add(row, None)
    return found


def _lookup(found: dict, key: str, what: str, code: str):
    if key not in found:
        raise DemoDataError(f"performance.yaml: {code} names the {what} “{key}”, which the demo does not have.")
    return found[key]


def _organisation(name: str, code: str) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        raise DemoDataError(f"performance.yaml: {code} is owned by “{name}”, which is not a demo organisation.")
    return organisation


def _indicator(board: Board, spec: dict, position: int, areas, priorities) -> tuple[Indicator, bool]:
    found = Indicator.objects.filter(board=board, code=spec["code"]).first()
    if found is not None:
        return found, False
    code = spec["code"]
    indicator = Indicator(
        board=board,
        code=code,
        name=spec["name"],
        definition=" ".join(spec["definition"].split()),
        unit=spec["unit"],
        polarity=spec["polarity"],
        decimals=spec["decimals"],
        frequency=spec["frequency"],
        basis=spec.get("basis", "financial"),
        area=_lookup(areas, spec["area"], "area", code),
        source=spec["source"],
        owner_organisation=_organisation(spec["owner"], code) if spec.get("owner") else None,
        position=position,
    )
    services.save_indicator(
        user=SYSTEM,
        indicator=indicator,
        comparators=[_lookup(areas, name, "area", code) for name in spec["comparators"]],
        priorities=[_lookup(priorities, number, "priority", code) for number in spec["priorities"]],
    )
    return indicator, True


def _target(indicator: Indicator, spec: dict | None) -> None:
    if not spec:
        return
    period = services.as_period(indicator, spec["from"])
    if Target.objects.filter(indicator=indicator, effective_from=period).exists():
        return
    services.set_target(
        user=SYSTEM,
        indicator=indicator,
        effective_from=period,
        kind=spec["kind"],
        value=spec["value"],
        tolerance=spec.get("tolerance"),
    )


def cell_figure(cell) -> dict:
    """A table cell of the YAML as ``record_observation``'s keywords: the printed text ('59.0', '75%') is an
    actual figure; a mapping gives the value (if any), the status and the note."""
    if isinstance(cell, str):
        return {"value": computation.to_decimal(cell), "status": ObservationStatus.ACTUAL, "quality_note": ""}
    return {
        "value": computation.to_decimal(cell.get("value")),
        "status": cell["status"],
        "quality_note": " ".join(cell.get("note", "").split()),
    }


def _figures(indicator: Indicator, spec: dict, areas, reason: str) -> int:
    """Record the indicator's figures, table by table (a blank cell: nothing printed there); returns how many
    are new. A table may give its own ``reason``: a later report revising an earlier one's figure, recorded
    as the figure's next revision. A figure already at its last printed value is left alone, so loading again
    never replays the revisions."""
    printed: dict[tuple, list[tuple[dict, str]]] = {}
    places: dict[tuple, tuple[Area, Period]] = {}
    for table in spec["tables"]:
        periods = {text: services.as_period(indicator, text) for text in table["periods"]}
        for row in table["rows"]:
            area = _lookup(areas, row["area"], "area", indicator.code)
            for text, cell in zip(table["periods"], row["cells"], strict=True):
                if cell is not None:
                    key = (area.pk, periods[text].pk)
                    places[key] = (area, periods[text])
                    printed.setdefault(key, []).append((cell_figure(cell), table.get("reason", reason)))
    existing = {(o.area_id, o.period_id): o for o in Observation.objects.filter(indicator=indicator)}
    created = 0
    for key, figures in printed.items():
        current = existing.get(key)
        last = figures[-1][0]
        if current is not None and current.value == last["value"] and current.status == last["status"]:
            continue
        area, period = places[key]
        for figure, why in figures:
            _observation, outcome = services.record_observation(
                user=SYSTEM, indicator=indicator, area=area, period=period, reason=why, **figure
            )
            created += outcome == "created"
    return created


def load_performance(result, *, board: Board, data_file: str = "performance") -> None:
    """The areas, priorities, indicators, targets and figures of ``demo/data/<data_file>.yaml``, on ``board``:
    the LSCB's annual report (performance.yaml) or the CPB's scorecards (cpb_performance.yaml)."""
    data = demo_content(data_file)
    areas = _areas(data.get("areas", []))
    areas.update({area.name: area for area in Area.objects.all()})
    priorities = _priorities(board, data["priorities"], _plan(board, data.get("plan")))
    made = figures = 0
    for position, spec in enumerate(data["indicators"], start=1):
        indicator, created = _indicator(board, spec, position, areas, priorities)
        made += created
        _target(indicator, spec.get("target"))
        figures += _figures(indicator, spec, areas, data.get("reason", REASON))
    # One phrase per board on the load_demo "Created:" line: "12 LSCB indicators with 89 figures".
    name = board.display_short_name
    if made:
        result.created[f"{name} indicators with {figures} figures"] = made
    elif figures:
        result.created[f"{name} figures"] = figures
