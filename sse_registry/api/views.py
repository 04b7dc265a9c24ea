from django.http import JsonResponse
from django.views.defaults import page_not_found

from core.api.errors import is_api


def not_found(request, exception):
    """404s under /api/ are JSON like every other API answer."""
    if is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
