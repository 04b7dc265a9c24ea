"""The public's suggestion forms: "Suggest a correction" of a published
entity (/entities/<id>/suggest/) and "Suggest an entity we are missing"
(/suggest/), without JavaScript, in every language (entities.suggestions).

A post is refused, with a page that says why, when it comes too often (429,
per address and from everyone: entities.suggestions.throttled), fills in the
hidden field no person sees (400, nothing stored), carries no form token
(400) or does not validate (400, the form again with its errors). A new
entity whose name or website a published entity has already gets the list
of those, with links, and a box to send it anyway. The same form posted
twice is one suggestion: the second post shows the first's confirmation
(by the form's token, or, for a fresh copy of the form, by the same content
sent within the hour).
"""

from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.limits import refusal, too_many_requests
from entities import public, suggestions
from entities.models import Entity, Suggestion


@never_cache
def suggest_new(request):
    return suggest(request, None)


@never_cache
def suggest_correction(request, pk):
    entity = get_object_or_404(
        Entity.objects.published().select_related("country", "region", "entity_type", "sector"),
        pk=pk,
    )
    return suggest(request, entity)


def suggest(request, entity):
    form_class = suggestions.NewEntityForm if entity is None else suggestions.CorrectionForm
    instance = entity if entity is not None else Entity()
    if request.method in ("GET", "HEAD"):
        form = form_class(instance=instance, initial={"token": suggestions.new_token()})
        return page(request, form, entity)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    wait = suggestions.throttled(request)
    if wait is not None:
        return too_many_requests(
            request,
            wait,
            _("Too many suggestions"),
            _("Please wait %(seconds)s seconds before sending another suggestion.")
            % {"seconds": wait},
        )
    if request.POST.get(suggestions.HONEYPOT):
        return refusal(request, 400, _("Not sent"), _("The form could not be sent."))
    token = request.POST.get("token", "")
    if not suggestions.TOKEN.fullmatch(token):
        return refusal(
            request,
            400,
            _("Not sent"),
            _("The form could not be read. Please open it again and send it from there."),
        )
    sent = Suggestion.objects.filter(token=token).first()
    if sent is not None:  # posted again (a double click, a reload): the same one
        return confirmation(request, sent)
    form = form_class(request.POST, instance=instance)
    if not form.is_valid():
        return page(request, form, entity, status=400)
    if entity is None and not form.cleaned_data["confirm_listed"]:
        cleaned = form.cleaned_data
        already = suggestions.listed(
            cleaned["country"].pk, cleaned["name"], cleaned["name_local"], cleaned["website"]
        )
        if already:
            return page(request, form, entity, listed=already)
    suggestion = Suggestion(
        kind=Suggestion.Kind.NEW if entity is None else Suggestion.Kind.CORRECTION,
        entity=entity,
        country_id=form.cleaned_data["country"].pk if entity is None else entity.country_id,
        proposed=form.proposed(),
        previous=form.previous(),
        note=form.cleaned_data["note"],
        sources=form.cleaned_data["sources"],
        email=form.cleaned_data["email"],
        language=translation.get_language(),
        token=token,
    )
    same = suggestions.sent_already(suggestion)
    if same is not None:
        return confirmation(request, same)
    suggestion._change_reason = "Sent through the public form"
    try:
        with transaction.atomic():
            suggestion.save()
    except IntegrityError:  # the same token, posted twice at once
        suggestion = get_object_or_404(Suggestion, token=token)
    return confirmation(request, suggestion)


def page(request, form, entity, status=200, listed=None):
    link = public.address_prefix("entity-detail")
    return render(
        request,
        "pages/suggest_form.html",
        {
            "form": form,
            "entity": entity,
            "fields": [form[name] for name in form.fields if name not in EXTRA],
            "extra": [form[name] for name in ("note", "sources", "email")],
            "listed": [
                {"name": each.name, "name_local": each.name_local, "link": f"{link}{each.pk}/"}
                for each in listed or []
            ],
            "honeypot": suggestions.HONEYPOT,
        },
        status=status,
    )


EXTRA = ("note", "sources", "email", "token", "confirm_listed")


def confirmation(request, suggestion):
    return render(
        request,
        "pages/suggest_sent.html",
        {"suggestion": suggestion, "changes": suggestions.changes(suggestion)},
    )
