from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from content.guide_format import DEFAULT_GUIDE_DIR
from content.guide_loader import GuideFileError, load_guide


class Command(BaseCommand):
    help = "Load the guide's content files (upsert by slug, in one transaction)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", nargs="?", default=str(DEFAULT_GUIDE_DIR), help="Folder of content files."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )

    def handle(self, *args, directory: str, dry_run: bool, **options) -> None:
        try:
            report = load_guide(Path(directory), dry_run=dry_run)
        except GuideFileError as exc:
            raise CommandError(f"Guide not loaded, nothing changed. {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        prefix = "Would make: " if dry_run else ""
        if report.is_empty:
            self.stdout.write(self.style.SUCCESS("No changes: the database matches the files."))
        else:
            self.stdout.write(self.style.SUCCESS(prefix + report.summary() + "."))
