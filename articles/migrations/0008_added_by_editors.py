"""One name for "this citation was added by the site's editors, not the article's author": added_by_editors.

It was `Citation.editor_added` and, inside each stored place of `Citation.occurrences`, the key "editor".
The key is renamed in every stored row, both ways, so `migrate articles 0007` gives the old rows back.
"""
from django.db import migrations, models


def _rename_occurrence_key(old, new):
    def rename(apps, schema_editor):
        Citation = apps.get_model("articles", "Citation")
        changed = []
        for citation in Citation.objects.using(schema_editor.connection.alias).only("pk", "occurrences"):
            occurrences = [
                {(new if key == old else key): value for key, value in place.items()} if isinstance(place, dict) else place
                for place in citation.occurrences
            ]
            if occurrences != citation.occurrences:
                citation.occurrences = occurrences
                changed.append(citation)
        Citation.objects.using(schema_editor.connection.alias).bulk_update(changed, ["occurrences"], batch_size=500)

    return rename


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_stored_bibliography"),
    ]

    operations = [
        migrations.RenameField(
            model_name="citation",
            old_name="editor_added",
            new_name="added_by_editors",
        ),
        migrations.AlterField(
            model_name="citation",
            name="occurrences",
            field=models.JSONField(
                default=list,
                help_text="Every place it is cited: [{anchor, section, added_by_editors}] in reading order.",
            ),
        ),
        migrations.RunPython(
            _rename_occurrence_key("editor", "added_by_editors"),
            _rename_occurrence_key("added_by_editors", "editor"),
        ),
    ]
