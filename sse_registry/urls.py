from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "SSE Registry"
admin.site.site_title = "SSE Registry admin"
admin.site.index_title = "Registry administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    # The public pages come next; until then the root leads to the admin.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
