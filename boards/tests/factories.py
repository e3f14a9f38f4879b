"""factory_boy factories for boards, people and memberships."""

import datetime

import factory

from boards.enums import Role, Sector
from boards.models import Board, Membership, Organisation, Person, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Borough Council {n}")
    short_name = factory.Sequence(lambda n: f"BC{n}")
    sector = Sector.LOCAL_AUTHORITY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Sequence(lambda n: f"Surname{n}")
    initials = factory.Sequence(lambda n: f"P{n}")
    job_title = "Head of Service"
    organisation = factory.SubFactory(OrganisationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    person = factory.SubFactory(PersonFactory)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct-horse-battery")
        if create:
            self.save(update_fields=["password"])


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Children's Partnership Board {n}")
    short_name = factory.Sequence(lambda n: f"CPB{n}")
    slug = factory.Sequence(lambda n: f"cpb-{n}")
    description = "Brings partners together to improve outcomes for children."

    @factory.post_generation
    def standing_items(self, create, extracted, **kwargs):
        """Like boards made through the board_create service, a new board has the standard standing items."""
        if create and extracted is not False:
            from meetings.services import agenda_template_install_default

            agenda_template_install_default(board=self)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    board = factory.SubFactory(BoardFactory)
    organisation = factory.SelfAttribute("person.organisation")
    role = Role.MEMBER
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=365))
