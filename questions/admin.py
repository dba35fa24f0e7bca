from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from core.reading_report import reading_level_column
from compare.models import Claim
from editing.revisions import ChangeNoteForm, HistoryAdmin
from editing.schedule_rules import ScheduleFormMixin

from .models import AnswerBlock, Question
from .validation import block_problems, question_problems


class ClaimChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, claim):
        return f"{claim.topic} · {claim.article} · {claim.statement[:90]}"


class AnswerBlockForm(forms.ModelForm):
    class Meta:
        model = AnswerBlock
        fields = ["kind", "claim", "text", "references", "order"]
        field_classes = {"claim": ClaimChoiceField}

    def clean(self):
        data = super().clean()
        if self.errors or data.get("DELETE"):
            return data
        problems = block_problems(
            kind=data.get("kind"), claim=data.get("claim"), text=data.get("text") or "",
            references=list(data.get("references") or []),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data


class AnswerBlockFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.has_changed() or form.instance.pk]
        kept = [form for form in kept if not (self.can_delete and self._should_delete_form(form))]
        problems = question_problems(question=self.instance.question or "This question", status=self.instance.status, block_count=len(kept))
        if problems:
            raise ValidationError(problems)


class AnswerBlockInline(admin.StackedInline):
    model = AnswerBlock
    form = AnswerBlockForm
    formset = AnswerBlockFormSet
    extra = 0
    fields = ["kind", "claim", "text", "text_reading_level", "references", "order"]
    readonly_fields = ["text_reading_level"]
    filter_horizontal = ["references"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "claim":
            kwargs["queryset"] = Claim.objects.select_related("topic", "article").order_by("topic__order", "article__order", "order")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    text_reading_level = reading_level_column("text", empty="No words of the editors' own in this part.")


class QuestionForm(ScheduleFormMixin, ChangeNoteForm):
    """A question: its schedule checked as an article's is."""


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    form = QuestionForm
    list_display = ["question", "status", "order", "question_reading_level"]
    list_filter = ["status"]
    search_fields = ["question", "phrasings", "blocks__text"]
    prepopulated_fields = {"slug": ["question"]}
    readonly_fields = ["question_reading_level"]
    fields = ["question", "question_reading_level", "slug", "phrasings", "status", "publish_at", "withdraw_at", "order"]
    inlines = [AnswerBlockInline]

    question_reading_level = reading_level_column("question")
