from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from content.guide_exporter import export_guide


class Command(BaseCommand):
    help = "Write the guide in the database out as content files (the format load_guide reads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="Folder to write into (created if missing).")

    def handle(self, *args, directory: str, **options) -> None:
        written = export_guide(Path(directory))
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} files to {directory}."))
