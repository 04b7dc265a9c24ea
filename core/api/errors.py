from rest_framework.views import exception_handler as drf_exception_handler


def is_api(request):
    """Whether the request is the API's, whose every answer (errors, refusals)
    is JSON."""
    return request.path.startswith("/api/")


def exception_handler(exc, context):
    """DRF's handler, with every error body an object: a 400's body maps each
    bad parameter to its messages, others carry a `detail`."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data}
    return response
