"""factory_boy factories and builders for indicators and their figures."""

import factory

from boards.tests.factories import BoardFactory
from core.permissions import SYSTEM
from performance import services
from performance.enums import AreaKind, Frequency, PeriodBasis, Polarity, Unit
from performance.models import Area, Indicator


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Area {n}")
    kind = AreaKind.LOCAL


def lancashire() -> Area:
    return AreaFactory(name="Lancashire", kind=AreaKind.LOCAL, code="E10000017")


def north_west() -> Area:
    return AreaFactory(name="North West", kind=AreaKind.REGION, code="E12000002")


def england() -> Area:
    return AreaFactory(name="England", kind=AreaKind.NATION, code="E92000001")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    code = factory.Sequence(lambda n: f"IND-{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = Unit.COUNT
    polarity = Polarity.HIGHER_IS_BETTER
    frequency = Frequency.ANNUAL
    basis = PeriodBasis.FINANCIAL
    area = factory.LazyFunction(lancashire)

    @factory.post_generation
    def comparators(self, create, extracted, **kwargs):
        if create and extracted:
            self.comparators.set(extracted)


def record(indicator, period: str, value, *, area=None, user=SYSTEM, **kwargs):
    """Record a figure as the system (the demo loader's way): ``record(cp, "2015/16", "59.0")``."""
    observation, _ = services.record_observation(
        user=user, indicator=indicator, area=area or indicator.area, period=period, value=value, **kwargs
    )
    return observation
