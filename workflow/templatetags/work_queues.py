"""``{% work_queues %}``: the user's work queues on the admin's home page."""

from django import template

from workflow.queues import queues_for

register = template.Library()


@register.inclusion_tag("admin/workflow/work_queues.html", takes_context=True)
def work_queues(context):
    request = context["request"]
    return {"queues": queues_for(request.user), "request": request}
