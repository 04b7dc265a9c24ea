"""The registry's admin site: Django's, answering malformed addresses with a
message instead of a server error, for every model registered on it (the
registry's own admins and those of the libraries alike).

An address is malformed when it names a related record by something that
cannot be its key (``add/?entity=abc``), or filters a list by a value the
database cannot compare (``?assessed_on__year=99999999999``). Django checks
some of these and not others; ``WellFormedRequestsMixin`` checks the rest,
and ``RegistryAdminSite`` mixes it into each admin registered.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.limits import refusal


class MalformedAddress(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class WellFormedRequestsMixin:
    """For a ModelAdmin: a list filter whose value the database cannot take
    is answered as Django answers any other bad filter (the page saying the
    filter is wrong), and an add form's initial related record named by
    something that is no key of it is refused with 400 and a message."""

    def get_changelist_instance(self, request):
        # Some lookups check their value only when the query is compiled or
        # run (a year past 9999 overflows there), after Django's own checks.
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in initial.items():
            check_reference(self.model, name, value)
        return initial

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MalformedAddress as error:
            return refusal(request, 400, _("Bad request"), error.message)


def check_reference(model, name, value):
    """MalformedAddress unless ``value`` (a list for a many-to-many field) could
    be a key of the record that ``model``'s field ``name`` refers to; other
    names and empty values pass."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return
    if not (field.concrete and field.is_relation):
        return
    for key in value if isinstance(value, list) else [value]:
        if key == "":
            continue
        try:
            field.target_field.clean(key, None)
        except ValidationError:
            raise MalformedAddress(
                _(
                    "The address gives %(field)s “%(value)s”, which is not the number or code "
                    "of any %(field)s. Open the form from its link, or leave %(field)s out "
                    "of the address."
                )
                % {"field": field.verbose_name, "value": key}
            ) from None


def missing_record(request, model_admin, object_id):
    """The answer for a record's page when there is no such record: back to
    the list, saying so (Django's message, in the reader's language)."""
    opts = model_admin.opts
    messages.warning(
        request,
        _("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?")
        % {"name": capfirst(opts.verbose_name), "key": object_id},
    )
    changelist = f"admin:{opts.app_label}_{opts.model_name}_changelist"
    return HttpResponseRedirect(reverse(changelist, current_app=model_admin.admin_site.name))


class RegistryAdminSite(admin.AdminSite):
    """The site of ``admin.site`` (see ``RegistryAdminConfig``)."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, WellFormedRequestsMixin):
            admin_class = type(
                admin_class.__name__,
                (WellFormedRequestsMixin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)
