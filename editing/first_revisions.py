"""Every entry starts its history with a revision, so even the first staff edit can be compared and undone."""
import reversion
from django.db import transaction
from reversion.models import Version

from .history_lines import SEED_VERSION


@transaction.atomic
def record_first_revisions(comment: str = SEED_VERSION) -> int:
    """Give each entry of every model the admin keeps history for that has none yet a first revision; returns how many."""
    recorded = 0
    for model in reversion.get_registered_models():
        have = set(Version.objects.get_for_model(model).values_list("object_id", flat=True))
        missing = [obj for obj in model._default_manager.order_by("pk") if str(obj.pk) not in have]
        for obj in missing:
            # One revision per entry: restoring a revision puts back every entry in it.
            with reversion.create_revision(manage_manually=True):
                reversion.set_comment(comment)
                reversion.add_to_revision(obj)
        recorded += len(missing)
    return recorded
