from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, with an empty ``?format=`` refused like any other
    format no renderer has (a 404), not read as no format at all: the schema
    lists the formats an endpoint has, and the empty word is not one of them."""

    def select_renderer(self, request, renderers, format_suffix=None):
        format_asked = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if not format_suffix and format_asked == "":
            self.filter_renderers(renderers, format_asked)  # raises Http404
        return super().select_renderer(request, renderers, format_suffix)
