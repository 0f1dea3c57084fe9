from django import template

from recommendations.choices import EvaluationResult

register = template.Library()


@register.filter
def result_color(evaluation):
    """Badge colour of an evaluation's result (the Evaluation model has no such method)."""
    return EvaluationResult.color(evaluation.result)
