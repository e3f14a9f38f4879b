"""python manage.py load_scale: a large made-up data set for query-count tests and benchmarks."""

import random
import time

from django.core.management.base import BaseCommand, CommandError

from demo.production import refuse_in_production
from demo.scale import SCALE_PASSWORD, load_scale


class Command(BaseCommand):
    help = (
        "Add many boards, people, meetings, agendas and papers to the configured database, for query-count "
        "tests and benchmarks. Refused when DJANGO_PRODUCTION is on. Best run on an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--boards", type=int, default=50, help="How many boards (default 50).")
        parser.add_argument("--people", type=int, default=5000, help="How many people (default 5000).")
        parser.add_argument("--meetings", type=int, default=3000, help="How many meetings in all (default 3000).")
        parser.add_argument("--seed", type=int, help="Random seed, to make the same data again (default: random).")

    def handle(self, *args, **options):
        refuse_in_production("load_scale")
        seed = options["seed"] if options["seed"] is not None else random.SystemRandom().randrange(10**6)
        began = time.monotonic()
        try:
            result = load_scale(
                boards=options["boards"], people=options["people"], meetings=options["meetings"], seed=seed
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - began
        self.stdout.write(self.style.SUCCESS(f"Scale data made in {seconds:.1f} s (seed {seed}):"))
        for what, count in result.counts.items():
            self.stdout.write(f"  {count:>8,}  {what}")
        self.stdout.write(f"\nEvery login's password is {SCALE_PASSWORD!r}. For example:")
        for label, email in result.logins:
            self.stdout.write(f"  {label:<40} {email}")
