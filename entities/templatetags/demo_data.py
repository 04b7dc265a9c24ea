from django import template
from django.db import DatabaseError

from entities.demo_data import demo_data_present

register = template.Library()


@register.inclusion_tag("includes/demo_banner.html")
def demo_banner():
    try:
        shown = demo_data_present()
    except DatabaseError:  # the error page of a database outage still renders
        shown = False
    return {"shown": shown}
