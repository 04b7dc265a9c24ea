from django.contrib import admin
from django.urls import path

admin.site.site_header = "SSE Registry"
admin.site.site_title = "SSE Registry admin"
admin.site.index_title = "Registry administration"

urlpatterns = [
    path("admin/", admin.site.urls),
]
