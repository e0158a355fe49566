"""The wizard's step form: one question's answer, cleaned as its declaration says.

A form is bound to the whole query string of its step (its own field plus the answers so far),
so it can read an earlier answer where its wording or range depends on one. Everything about the
question (wording, choices, parser, messages) comes from kaiyaku.questions, and the rules across
answers from kaiyaku.answers, so the wizard says exactly what the result page and the JSON say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.http import QueryDict

from .answers import parse_partial
from .parsing import AnswerError, latest_date, today_jst
from .questions import Question, WizardAnswers

if TYPE_CHECKING:
    from .snapshot.shapes import Snapshot


class AnswerField(forms.Field):
    """The raw answer as typed; the form cleans it with the question's parser."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return (value or "").strip()


class QuestionForm(forms.Form):
    """A question page: one answer, cleaned by its question's parser and the cross-answer rules."""

    def __init__(
        self,
        question: Question,
        data: QueryDict | None = None,
        *,
        snapshot: Snapshot,
        answers: WizardAnswers,
    ):
        if data is not None and question.kind == "checkboxes":
            # Checkboxes arrive as repeated parameters (and a hidden empty one, so that
            # "none chosen" is an answer); the query string keeps them comma-separated.
            data = data.copy()
            values = [v for raw in data.getlist(question.id) for v in raw.split(",") if v]
            data.setlist(question.id, [",".join(values)])
        super().__init__(data)
        self.fields[question.id] = AnswerField()
        self.question = question
        self.snapshot = snapshot
        self.answers = answers  # the answers to the questions above this one

    @property
    def name(self) -> str:
        return self.question.id

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def input_type(self) -> str:
        return self.question.input_type

    @property
    def input_mode(self) -> str:
        return self.question.input_mode

    @property
    def suffix(self) -> str:
        return self.question.suffix

    def page_title(self) -> str:
        return self.question.title_for(self.answers)

    def page_hint(self) -> str:
        return self.question.hint_for(self.answers)

    def clean(self):
        super().clean()
        question = self.question
        if question.id not in self.data:
            self.add_error(question.id, question.unanswered)
            return self.cleaned_data
        raw = question.typed(self.cleaned_data.get(question.id, ""))
        if raw == "":
            if question.empty_allowed:
                self.cleaned_data[question.id] = ""
            else:
                self.add_error(question.id, question.unanswered)
            return self.cleaned_data
        try:
            value = question.clean(raw, self.snapshot)
            if question.wizard_rule:
                question.wizard_rule(value)
        except AnswerError as exc:
            self.add_error(question.id, exc.message)
            return self.cleaned_data
        if question.contract:
            _, errors = parse_partial({**self.answers, question.id: raw}, self.snapshot)
            if question.id in errors:
                self.add_error(question.id, errors[question.id])
                return self.cleaned_data
        self.cleaned_data[question.id] = raw
        return self.cleaned_data

    def value(self) -> str:
        """The cleaned answer as the query string carries it."""
        return self.cleaned_data.get(self.name, "")

    def current(self) -> str:
        """What the field shows: the submitted text, or the answer given before."""
        if self.is_bound:
            return self.data.get(self.name, "")
        return self.answers.get(self.name, "")

    def choice_rows(self) -> list[dict[str, object]]:
        """The choices to draw, the first with the field's own id (the error summary links it)."""
        answered = self.name in (self.data if self.is_bound else self.answers)
        chosen = set(self.current().split(",")) if self.kind == "checkboxes" else {self.current()}
        return [
            {
                "value": choice.value,
                "label": choice.label,
                "checked": answered and choice.value in chosen,
                "id": self.name if index == 0 else f"{self.name}-{index + 1}",
            }
            for index, choice in enumerate(
                self.question.choices_for(self.snapshot, self.current(), self.answers)
            )
        ]

    def min_date(self) -> str:
        return today_jst().isoformat()

    def max_date(self) -> str:
        return latest_date().isoformat()
