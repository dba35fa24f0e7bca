"""The clinic's editing desk: articles with a live preview, citation help, review dates and history."""
from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.db import models
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin

from core.reading_report import reading_level_column, section_report
from editing.revisions import ChangeNoteForm, HistoryAdmin
from editing.schedule_rules import ScheduleFormMixin
from references.models import Reference

from .bibliography import bibliography_html
from .models import Article
from .publishing import article_render, stored_bibliography
from .reviews import mark_reviewed

class ArticleAdminForm(ScheduleFormMixin, ChangeNoteForm):
    """The article form: refuses a save that would silently overwrite someone else's."""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        other = Article.objects.filter(slug=slug).exclude(pk=self.instance.pk).first()
        if other:
            raise forms.ValidationError(
                format_html(
                    "The article <a href=\"{}\">“{}”</a> already has the web address ending “{}”. "
                    "Choose another ending, like {}-2.",
                    reverse("admin:articles_article_change", args=[other.pk]), other.title, slug, slug,
                )
            )
        return slug


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue for review"),
            ("soon", "Due in the next 30 days"),
            ("never", "Never reviewed"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue_for_review(today)
        if self.value() == "soon":
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=today + timedelta(days=30))
        if self.value() == "never":
            return queryset.filter(last_reviewed__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(HistoryAdmin, MarkdownxModelAdmin):
    form = ArticleAdminForm
    # Web addresses typed without a scheme are taken as https (Django 6 default).
    formfield_overrides = {**MarkdownxModelAdmin.formfield_overrides, models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "status", "last_reviewed", "review_due", "reading_level", "updated"]
    list_filter = ["status", ReviewFilter]
    actions = ["mark_reviewed_today"]
    search_fields = ["title", "summary", "body", "author", "publisher", "reviewed_by"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["reference_keys", "bibliography", "reading_level", "summary_reading_level", "reading_level_by_section"]
    fieldsets = [
        (None, {"fields": ["title", "title_by_editors", "slug", "status", "publish_at", "withdraw_at", "order", "summary", "summary_reading_level", "key_points", "edit_token"]}),
        (
            "Clinical review",
            {
                "description": "Patients see these as “Page last reviewed” and “Next review due”.",
                "fields": ["last_reviewed", "reviewed_by", "reviewer_credentials", "next_review_due"],
            },
        ),
        (
            "Original source",
            {"fields": ["author", "author_credentials", "publisher", "publisher_url", "source_url", "published_on"]},
        ),
        ("Article", {"fields": ["reference_keys", "body", "reading_level", "reading_level_by_section"], "classes": ["article-body-fieldset"]}),
        ("Bibliography as patients see it (updated when you save)", {"fields": ["bibliography"]}),
    ]

    class Media:
        css = {"all": ["editor/editor.css"]}
        js = ["editor/editor.js", "editor/caret.js", "editor/follow.js", "editor/uploads.js"]

    def view_on_site(self, obj):
        # Drafts have no public page; "View on site" shows staff the preview instead.
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="articles_article_preview",
        )
        return [preview] + super().get_urls()

    def preview_view(self, request, object_id):
        """The saved article exactly as its public page shows it, drafts included; staff only."""
        article = self.get_object(request, object_id)  # None for an id that is not one ("abc")
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        citations = list(article.citations.select_related("reference").order_by("number"))
        stored_bibliography(article, citations)
        if not article.is_published:
            # The stored bibliography links to downloads that answer 404 until the article is published.
            article.bibliography_html = bibliography_html(article.slug, citations, published=False)
        context = {
            "article": article,
            "citations": citations,
            "preview": True,
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
        }
        response = TemplateResponse(request, "articles/detail.html", context)
        # admin_view already sends Cache-Control: private, no-store; keep search engines out too.
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    summary_reading_level = reading_level_column("summary", "summary reading level (US grade)")

    @admin.display(description="reading level by section (US grade)")
    def reading_level_by_section(self, obj):
        return section_report(obj.body_html) if obj.pk else "Shown after the first save."

    def reviewer_name(self, request):
        return request.user.get_full_name() or request.user.get_username()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_mark_reviewed" in request.POST:
            # Filled in before the form is checked, so the review fields validate together.
            # The names typed in the form win; empty, the person pressing the button reviewed it.
            data, review = request.POST.copy(), Article()
            mark_reviewed(
                review, reviewer=data.get("reviewed_by", "").strip() or self.reviewer_name(request),
                credentials=data.get("reviewer_credentials", ""), today=timezone.localdate(),
            )
            data["last_reviewed"] = review.last_reviewed.isoformat()
            data["reviewed_by"] = review.reviewed_by
            data["next_review_due"] = review.next_review_due.isoformat()
            request.POST = data
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_mark_reviewed" in request.POST:
            self.message_user(
                request,
                f"“{obj}” is marked as reviewed today by {obj.reviewed_by}; the next review is due "
                f"{date_format(obj.next_review_due, 'j F Y')}.",
            )
        return super().response_change(request, obj)

    @admin.action(description="Mark as reviewed today (by you)", permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        today, name = timezone.localdate(), self.reviewer_name(request)
        for article in queryset:
            # Qualifications belong to a person: kept only when the same person reviews again.
            credentials = article.reviewer_credentials if article.reviewed_by == name else ""
            mark_reviewed(article, reviewer=name, credentials=credentials, today=today)
            with reversion.create_revision():
                article.save()
                reversion.set_user(request.user)
                reversion.set_comment(f"Marked as reviewed by {name}.")
        self.message_user(request, f"{queryset.count()} article(s) marked as reviewed today by {name}.")

    def save_related(self, request, form, formsets, change):
        # Rendered after the form has saved all of its own, so the stored HTML and Citation rows come last.
        super().save_related(request, form, formsets, change)
        article_render(article=form.instance)

    @admin.display(description="next review due", ordering="next_review_due")
    def review_due(self, obj):
        if not obj.next_review_due:
            return "—"
        when = date_format(obj.next_review_due, "j M Y")
        if obj.review_overdue:
            return format_html('<strong class="review-overdue">{} (overdue)</strong>', when)
        return when

    @admin.display(description="reading level (US grade)", ordering="reading_grade")
    def reading_level(self, obj):
        if obj.reading_grade is None:
            return "Worked out when saved."
        grade = obj.reading_grade
        if grade > 8:
            return format_html('<strong class="review-overdue">{} (over the target of 8)</strong>', grade)
        return f"{grade}"

    @admin.display(description="Reference keys you can cite")
    def reference_keys(self, obj):
        return render_to_string(
            "admin/articles/_reference_keys.html",
            {"references": Reference.objects.only("key", "title", "year").order_by("key")},
        )

    @admin.display(description="Bibliography")
    def bibliography(self, obj):
        citations = obj.citations.select_related("reference").order_by("number") if obj and obj.pk else []
        if not citations:
            return "No citations yet. Cite a reference in the body, like [@younger2013], and save."
        return render_to_string("articles/_bibliography.html", {"citations": citations})
