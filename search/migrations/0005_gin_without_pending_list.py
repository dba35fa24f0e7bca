from django.db import migrations

from search import fts


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0004_question_passages_and_note_voice"),
    ]

    operations = [
        migrations.RunPython(fts.no_pending_list, migrations.RunPython.noop),
    ]
