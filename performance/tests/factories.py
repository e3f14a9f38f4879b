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


def scorecard_figures(board):
    """The seed report's scorecard on ``board``: CSE referrals (under priority 1, no target), attendance at
    board meetings (a target of at least 80%, red), children looked after (contextual, compared with the North
    West and England) and privately fostered children (contextual, a small number in 2015/16)."""
    from boards.models import Priority
    from performance.enums import TargetKind

    cse_priority = Priority.objects.create(
        board=board, number="1", title="Preventing child sexual exploitation", position=1
    )
    cse = IndicatorFactory(board=board, code="CSE", name="CSE referrals recorded as high risk", unit=Unit.COUNT)
    cse.priorities.set([cse_priority])
    for year, value in [("2013/14", 1400), ("2014/15", 1412), ("2015/16", 1744)]:
        record(cse, year, value)
    attendance = IndicatorFactory(
        board=board, code="ATT", name="Attendance at board meetings", unit=Unit.PERCENTAGE, decimals=0
    )
    services.set_target(user=SYSTEM, indicator=attendance, effective_from="2013/14", kind=TargetKind.AT_LEAST, value=80)
    for year, value in [("2013/14", 75), ("2014/15", 69), ("2015/16", 67)]:
        record(attendance, year, value)
    cla = IndicatorFactory(
        board=board,
        code="CLA",
        name="Children looked after (rate per 10,000)",
        unit=Unit.RATE_10000,
        decimals=1,
        polarity=Polarity.CONTEXTUAL,
        comparators=[north_west(), england()],
    )
    for year, ours, nw, eng in [("2014/15", "67.2", 81, 60), ("2015/16", "69.1", 82, 60)]:
        record(cla, year, ours)
        record(cla, year, nw, area=north_west())
        record(cla, year, eng, area=england())
    fostered = IndicatorFactory(
        board=board, code="PF", name="Privately fostered children", unit=Unit.COUNT, polarity=Polarity.CONTEXTUAL
    )
    record(fostered, "2014/15", 28)
    record(fostered, "2015/16", 3)
    return board
