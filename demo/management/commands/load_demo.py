"""python manage.py load_demo: the demo board with its people, meetings, papers and a built pack."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from demo.loader import load_demo
from demo.production import refuse_in_production


class Command(BaseCommand):
    help = "Load the Chorley, South Ribble & West Lancashire Children's Partnership Board as demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-pack", action="store_true", help="Do not build the demo agenda pack.")

    def handle(self, *args, **options):
        refuse_in_production("load_demo")
        result = load_demo(build_pack=not options["no_pack"])
        made = ", ".join(f"{n} {what}" for what, n in result.created.items()) or "nothing new (already loaded)"
        self.stdout.write(self.style.SUCCESS(f"Demo board: {result.board.name}. Created: {made}."))
        for note in result.notes:
            self.stdout.write(note)
        sign_in = settings.SITE_URL.rstrip("/") + reverse("login")
        self.stdout.write(f"\nDemo logins ({sign_in}):")
        for label, email, password in result.logins:
            self.stdout.write(f"  {label:<14} {email:<28} password: {password}")
        self.stdout.write(
            "Site administrators must use two-factor sign-in: the administrator sets up an authenticator app "
            "(or copies the key into one) at first sign-in."
        )
