from django.core.management.base import BaseCommand

from backups.corrections import apply_corrections, correction_files, newest_values
from pagecache import generation


class Command(BaseCommand):
    help = (
        "Apply the seed content's corrections (backups/corrections/*.json) to rows that still hold the "
        "old seed text; rows staff have edited are left as they are and listed. Run load_content first."
    )

    def handle(self, *args, **options):
        paths = correction_files()
        newest = newest_values(paths)
        for path in paths:
            applied, already, kept = apply_corrections(path, newest)
            self.stdout.write(f"{path.name}: {len(applied)} corrected, {len(already)} already correct, {len(kept)} kept.")
            for name in kept:
                self.stdout.write(f"  Kept a staff edit (compare it with the file by hand): {name}")
        generation.invalidate()
