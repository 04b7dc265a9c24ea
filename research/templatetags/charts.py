from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from research.charts import (
    Bar,
    Series,
    grouped_bars,
    stacked_bars,
    vertical_bars,
)
from research.framework import NOT_ASSESSED_LABEL, SCORE_MAX, whole_percent

register = template.Library()

NO_VALUE = "–"


@register.filter
def percent(share):
    """A share (0–1) as a whole percentage; a dash when there is none."""
    if share is None:
        return NO_VALUE
    return _("%(percent)s%%") % {"percent": number_format(whole_percent(share))}


@register.filter
def mean_score(mean):
    return NO_VALUE if mean is None else number_format(mean, 2)


@register.simple_tag
def profile_chart(rows, chart_id="profile"):
    """An entity's score on each feature (rows: dicts with feature and score)."""
    bars = []
    for row in rows:
        value = row["score"].score if row["score"] else None
        bars.append(
            Bar(
                label=row["feature"].name,
                value=value,
                text=str(NOT_ASSESSED_LABEL) if value is None else f"{value} / {SCORE_MAX}",
                css=f"bar score-fill-{'none' if value is None else value}",
            )
        )
    return stacked_bars(
        bars, maximum=SCORE_MAX, title=_("Score on each of the seven features"), chart_id=chart_id
    )


@register.simple_tag(takes_context=True)
def count_chart(context, rows, title, chart_id, count="count", href="href"):
    """A bar per row (a dict with label, a count and a link), longest = largest."""
    bars = [
        Bar(label=row["label"], value=row[count], text=number_format(row[count]), href=row[href])
        for row in rows
    ]
    maximum = max((bar.value for bar in bars), default=0)
    return stacked_bars(bars, maximum=maximum, title=title, chart_id=chart_id, pdf=_pdf(context))


@register.simple_tag(takes_context=True)
def share_chart(context, rows, title, chart_id, share="share", href="href"):
    """A bar per row for a share (0–1), on a scale to 100%."""
    bars = [
        Bar(label=row["label"], value=row[share], text=percent(row[share]), href=row[href])
        for row in rows
    ]
    return stacked_bars(bars, maximum=1, title=title, chart_id=chart_id, pdf=_pdf(context))


@register.simple_tag(takes_context=True)
def mean_chart(context, rows, title, chart_id):
    """A bar per feature row for its mean score, on the 0–3 scale."""
    bars = [
        Bar(
            label=row["label"],
            value=row["mean"],
            text=f"{mean_score(row['mean'])} / {SCORE_MAX}",
            title=f"{row['label']}: {mean_score(row['mean'])} / {SCORE_MAX}"
            if row["mean"] is not None
            else f"{row['label']}: {NOT_ASSESSED_LABEL}",
        )
        for row in rows
    ]
    return stacked_bars(bars, maximum=SCORE_MAX, title=title, chart_id=chart_id, pdf=_pdf(context))


@register.simple_tag(takes_context=True)
def histogram_chart(context, rows, title, chart_id):
    """Entities practising 0…7 features (rows: practised, count, href)."""
    bars = [
        Bar(
            label=str(row["practised"]),
            value=row["count"],
            text=number_format(row["count"]),
            href=row["href"],
            title=ngettext(
                "%(count)s entity practises %(n)s features",
                "%(count)s entities practise %(n)s features",
                row["count"],
            )
            % {"count": number_format(row["count"]), "n": row["practised"]},
        )
        for row in rows
    ]
    maximum = max((bar.value for bar in bars), default=0)
    return vertical_bars(
        bars, maximum=maximum, title=title, chart_id=chart_id, column=42, pdf=_pdf(context)
    )


@register.simple_tag(takes_context=True)
def compare_chart(context, columns, rows, title, chart_id):
    """Each feature's share practising in each group (columns: the groups,
    e.g. countries, each with the ``code`` written on its bars and its
    ``name``; rows: a feature each, with one cell per group)."""
    series = [Series(code=column["code"], name=column["name"]) for column in columns]
    groups = [
        (
            row["label"],
            [
                Bar(
                    label=column["name"],
                    value=cell["share"],
                    text=percent(cell["share"]),
                    href=cell["href"],
                    title=f"{column['name']}, {row['label']}: {percent(cell['share'])}",
                )
                for column, cell in zip(columns, row["cells"], strict=True)
            ],
        )
        for row in rows
    ]
    ticks = [(value, percent(value)) for value in (0, 0.25, 0.5, 0.75, 1)]
    return grouped_bars(
        groups, series, maximum=1, title=title, chart_id=chart_id, ticks=ticks, pdf=_pdf(context)
    )


def _pdf(context):
    """Whether the page is drawn into a PDF (a ``pdf`` in its context): the
    charts then style themselves and draw no text that needs shaping
    (research.charts)."""
    return bool(context.get("pdf"))
