from drf_orjson_renderer.renderers import ORJSONRenderer

from entities import linked_data


class JSONLDRenderer(ORJSONRenderer):
    """An entity's linked-data document (entities.linked_data), asked for with
    ``Accept: application/ld+json`` or ``?format=jsonld``."""

    media_type = linked_data.MEDIA_TYPE
    format = "jsonld"
