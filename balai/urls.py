from django.urls import include, path

urlpatterns = [
    path("", include("balai.web.urls")),
]
