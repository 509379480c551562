from django.urls import path

from balai.web import views

app_name = "web"

urlpatterns = [
    path("", views.local, name="local"),
    path("home", views.local, name="home"),
    path("tags/<str:name>", views.local, name="tag"),
    path("@<str:username>", views.local, name="profile"),
    path("@<str:username>/<int:post_id>", views.local, name="post"),
    path("login", views.local, name="login"),
]
