"""The bibliography desk: structured references, a formatted preview, "cited in", import and history."""
import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from editing.revisions import ChangeNoteForm, HistoryAdmin

from .authors_widget import AuthorsWidget
from .duplicates import same_work
from .importers import FORMAT_NAMES, EntryError, detect_format, parse_entry, suggest_key
from .models import NOT_YET_CHECKED, Reference


IMPORT_SESSION_KEY = "reference_import"
IMPORT_PARAMETER = "from_import"


class ImportForm(forms.Form):
    entry = forms.CharField(
        label="Paste one entry",
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90, "spellcheck": "false", "class": "vLargeTextField"}),
        max_length=20_000,
        help_text="From a journal's “Cite” or “Export citation” button, a reference manager, or PubMed: "
        "BibTeX (@article{…}), RIS (TY  - JOUR …), CSL-JSON ({\"type\": …}) or PubMed's MEDLINE format "
        "(the .nbib file from PubMed's “Cite” button: PMID- …, TI  - …). Nothing is looked up "
        "online: the form is filled in from the entry, and you check it before saving.",
    )


def same_work_links(references):
    return format_html_join(
        ", ",
        '<a href="{}">{} ({})</a>',
        ((reverse("admin:references_reference_change", args=[r.pk]), r.key, r.title) for r in references),
    )


def citing_article_line(citation):
    """“LDN and fibromyalgia” (published) cites younger2013 as reference 2, linked to the article's form and page."""
    article = citation.article
    state = "published" if article.status == "published" else "a draft"
    return format_html(
        '<a href="{}">“{}”</a> ({}) cites {} as reference {}. <a href="{}">See the page</a>',
        reverse("admin:articles_article_change", args=[article.pk]), article.title, state,
        citation.reference.key, citation.number,
        article.get_absolute_url() if state == "published" else reverse("admin:articles_article_preview", args=[article.pk]),
    )


class ReferenceAdminForm(ChangeNoteForm):
    """A reference: authors one per row, and a warning before the same paper is added twice."""

    not_a_duplicate = forms.BooleanField(
        label="It is a different work",
        required=False,
        help_text="Only needed when the form warns that a reference with the same title, year and first "
        "author exists: tick it if this really is another work, then save again.",
    )

    class Meta:
        widgets = {"authors": AuthorsWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authors" in self.fields:
            # The rows explain themselves; the model's help text describes the stored JSON.
            self.fields["authors"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        if not {"title", "year", "authors"} & set(self.errors) and not cleaned.get("not_a_duplicate"):
            twins = same_work(
                Reference.objects.all(), title=cleaned.get("title", ""), year=cleaned.get("year"),
                authors=cleaned.get("authors") or [], exclude_pk=self.instance.pk,
            )
            if twins:
                raise forms.ValidationError(
                    format_html(
                        "This looks like a paper already in the bibliography, with the same title, year and first "
                        "author: {}. Cite that one instead of adding it again. If this really is a different work, "
                        "tick “It is a different work” under Checking and save again.",
                        same_work_links(twins),
                    ),
                    code="same_work",
                )
        return cleaned


@admin.register(Reference)
class ReferenceAdmin(HistoryAdmin):
    form = ReferenceAdminForm
    # Web addresses typed without a scheme are taken as https (Django 6 default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["key", "title", "year", "evidence_type", "doi"]
    list_filter = ["evidence_type", "kind"]
    search_fields = ["key", "title", "container_title", "doi", "authors"]
    readonly_fields = ["formatted_preview", "cited_in"]
    change_list_template = "admin/references/reference/change_list.html"
    fieldsets = [
        (None, {"fields": ["key", "kind", "evidence_type"]}),
        ("The work", {"fields": ["authors", "authors_truncated", "title", "container_title", "publisher"]}),
        ("Date and location", {"fields": ["year", "month", "day", "volume", "issue", "pages"]}),
        ("Identifiers", {"fields": ["doi", "pmid", "url", "accessed"]}),
        ("Checking", {"fields": ["verification", "not_a_duplicate"]}),
        ("How it appears", {"fields": ["formatted_preview", "cited_in"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations__article")

    def get_deleted_objects(self, objs, request):
        """Django's check, with each protecting citation told as the article that cites the reference."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = [citing_article_line(citation) for reference in objs for citation in reference.citations.all()]
        return deleted, counts, perms_needed, protected

    def get_urls(self):
        importer = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="references_reference_import",
        )
        return [importer] + super().get_urls()

    def import_view(self, request):
        """Paste BibTeX, RIS, CSL-JSON or PubMed MEDLINE; go on to the add form, filled in from it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                fields = parse_entry(form.cleaned_data["entry"])
            except EntryError as error:
                form.add_error("entry", str(error))
            else:
                return HttpResponseRedirect(self._prefilled_add_url(request, fields, form.cleaned_data["entry"]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Add a reference from a BibTeX, RIS, CSL-JSON or PubMed entry",
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/references/reference/import.html", context)

    def _prefilled_add_url(self, request, fields, text):
        # Keys differing only in case would confuse editors, so compare them case-insensitively.
        taken = {key.lower() for key in Reference.objects.values_list("key", flat=True)}
        if not fields.get("key") or fields["key"].lower() in taken:
            fields["key"] = suggest_key(fields, taken)
        clash = Reference.objects.filter(doi__iexact=fields["doi"]).first() if fields.get("doi") else None
        twins = same_work(Reference.objects.all(), title=fields.get("title", ""), year=fields.get("year"), authors=fields.get("authors") or [])
        if twins and not clash:
            messages.warning(
                request,
                format_html(
                    "This looks like a paper already in the bibliography (same title, year and first author): {}. "
                    "Cite that one instead of adding it twice.",
                    same_work_links(twins),
                ),
            )
        elif clash:
            messages.warning(
                request,
                format_html(
                    "The DOI {} already belongs to the reference “{}”. Cite that one instead of adding it twice: "
                    '<a href="{}">open {}</a>.',
                    fields["doi"], clash.key, reverse("admin:references_reference_change", args=[clash.pk]), clash.key,
                ),
            )
        else:
            messages.info(
                request,
                f"Filled in from the {FORMAT_NAMES[detect_format(text)]} entry. Check every field against the "
                "source, choose what kind of evidence it is, then save.",
            )
        fields["verification"] = (
            f"Filled in from a pasted {FORMAT_NAMES[detect_format(text)]} entry; {NOT_YET_CHECKED}."
        )
        # Kept in the session, not the address: an entry with 300 authors would make a URL
        # longer than any server accepts (gunicorn answers 414 past 4 KB).
        token = secrets.token_hex(8)
        request.session[IMPORT_SESSION_KEY] = {
            token: {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in fields.items()}
        }
        return reverse("admin:references_reference_add") + f"?{IMPORT_PARAMETER}={token}"

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop(IMPORT_PARAMETER, None)
        token = request.GET.get(IMPORT_PARAMETER)
        if token:
            initial.update(request.session.get(IMPORT_SESSION_KEY, {}).get(token, {}))
        return initial

    @admin.display(description="Formatted (AMA style)")
    def formatted_preview(self, obj):
        return obj.formatted if obj.pk else "Shown after the first save."

    @admin.display(description="Cited in")
    def cited_in(self, obj):
        citations = obj.citations.all() if obj.pk else []
        if not citations:
            return "Not cited in any article yet."
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> (reference {}{})',
            (
                (
                    reverse("admin:articles_article_change", args=[c.article.pk]),
                    c.article.title,
                    c.number,
                    "" if c.article.status == "published" else ", draft",
                )
                for c in citations
            ),
        )
