"""Load province-scale synthetic data: `generate_scale_data --recommendations N`.

See scale/generator.py for the shapes and for why the load skips pghistory's triggers."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scale import vocabulary
from scale.generator import GeneratedDataExists, generate

PRODUCTION_SETTINGS = "oversight.settings.production"


class Command(BaseCommand):
    help = "Generate N recommendations with topics, tasks, reports, measurements and timelines (COPY)."

    def add_arguments(self, parser):
        parser.add_argument("--recommendations", type=int, required=True, help="How many recommendations.")
        parser.add_argument(
            "--congresses",
            type=int,
            help="How many region congresses under the province (default: one per 1,000 "
            f"recommendations, at least 3, at most {len(vocabulary.REGIONS)}).",
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed: the same seed gives the same data."
        )

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE == PRODUCTION_SETTINGS:
            raise CommandError(
                "generate_scale_data refuses to run under production settings: it fills the database "
                "with invented recommendations. Point DATABASE_URL at a scratch database and use "
                "oversight.settings.dev."
            )
        count = options["recommendations"]
        if count < 1:
            raise CommandError("--recommendations must be at least 1.")
        regions = options["congresses"]
        if regions is not None and not 1 <= regions <= len(vocabulary.REGIONS):
            raise CommandError(f"--congresses must be between 1 and {len(vocabulary.REGIONS)}.")
        try:
            counts, seconds = generate(
                count, seed=options["seed"], progress=self.stdout.write, congresses=regions
            )
        except GeneratedDataExists as error:
            raise CommandError(str(error)) from error
        total = sum(counts.values())
        for table, rows in counts.items():
            self.stdout.write(f"  {table}: {rows}")
        rate = total / seconds
        summary = f"{total} rows ({count} recommendations) in {seconds:.1f} s: {rate:,.0f} rows/second."
        self.stdout.write(self.style.SUCCESS(summary))
