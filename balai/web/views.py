from django.http import HttpRequest, HttpResponse


def local(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("Balai")
