"""Report (never change, never stop on) any stored reference the schema refuses.

Rows saved before the schema existed could hold authors like {"given": ["J", "A"]}. The pages
read them safely; this names them once at `migrate` so an editor fixes them in the admin.
`manage.py check_references` gives the same list at any time.
"""
import sys

from django.db import migrations

from references.schema import reference_problems


def report(apps, schema_editor):
    Reference = apps.get_model("references", "Reference")
    fields = [f for f in Reference._meta.concrete_fields if not f.primary_key]
    for reference in Reference.objects.using(schema_editor.connection.alias).all():
        values = {f.attname: getattr(reference, f.attname) for f in fields}
        for name, message in sorted(reference_problems(values).items()):
            sys.stdout.write(f"\n  Reference “{reference.key}” breaks the schema: {name}: {message} (fix it in the admin)")


class Migration(migrations.Migration):
    dependencies = [("references", "0001_initial")]
    operations = [migrations.RunPython(report, migrations.RunPython.noop, elidable=True)]
