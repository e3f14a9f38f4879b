"""The demo council committee's recommendations (``demo/data/council.yaml``, ``recommendations``).

The demo has no minutes of the committee's meetings, so each recommendation is entered directly through the
tracker's services (as a clerk enters one made before the portal), acting as the portal, and linked to the
meeting that made it; its updates are recorded through the services too and dated as the YAML says (the
services date them today). Idempotent: a recommendation already tracked (the same committee and words) is
left as it is.
"""

from __future__ import annotations

import datetime

from actions import recommendations as recs
from actions.models import RecommendationUpdate, TrackedRecommendation
from boards.models import Board, Person
from core.permissions import SYSTEM
from meetings.models import Meeting

from .content import demo_content


def _day(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _dated(update: RecommendationUpdate, day: datetime.date) -> None:
    at = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)
    RecommendationUpdate.objects.filter(pk=update.pk).update(created_at=at)
    TrackedRecommendation.objects.filter(pk=update.recommendation_id).update(updated_at=at)


def load_recommendations(result, *, board: Board, people: dict[str, Person]) -> None:
    for spec in demo_content("council").get("recommendations", []):
        text = " ".join(spec["text"].split())
        if TrackedRecommendation.objects.filter(board=board, text=text).exists():
            continue
        meeting = Meeting.objects.get(board=board, date=_day(spec["meeting"]))
        row = recs.recommendation_create(
            user=SYSTEM,
            board=board,
            text=text,
            made_on=meeting.date,
            meeting=meeting,
            addressee=spec.get("addressee", ""),
            target_kind=spec.get("target", "tbc"),
            target_date=_day(spec.get("target_date")),
            officer=people[spec["officer"]] if spec.get("officer") else None,
            officer_text=spec.get("officer_text", ""),
        )
        for update in spec.get("updates", []):
            made = recs.recommendation_update(
                user=SYSTEM,
                recommendation=row,
                text=" ".join(update.get("text", "").split()),
                status=update.get("status"),
                response=" ".join(update["response"].split()) if update.get("response") else None,
                response_date=_day(update.get("response_date")),
            )
            _dated(made, _day(update["date"]))
        result.count("recommendations")
