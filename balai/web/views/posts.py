"""Writing posts, reading threads and edit history, and acting on posts (like, repost, ...)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts.models import User
from balai.core.errors import BalaiError, NotFound
from balai.media.services import post_create_with_media, post_edit_with_media
from balai.moderation.views_counter import note_views
from balai.posts import selectors, services
from balai.posts.access import get_visible_post
from balai.posts.models import Post
from balai.web.cards import action_labels
from balai.web.forms import ComposeForm, EditForm, add_service_error
from balai.web.media import attachments_by_post, upload_form_media
from balai.web.utils import (
    is_htmx,
    parse_id,
    post_page,
    redirect_back,
    request_user,
    safe_next,
)

ACTIONS: dict[str, Callable[..., Post]] = {
    "like": services.like_create,
    "unlike": services.like_delete,
    "repost": services.reblog_create,
    "unrepost": services.reblog_delete,
    "bookmark": services.bookmark_create,
    "unbookmark": services.bookmark_delete,
}


def post_url(post: Post) -> str:
    return reverse("web:post", args=[post.author.username, post.pk])


def _visible_or_404(request: HttpRequest, username: str, post_id: int) -> Post:
    post = get_visible_post(request.user, post_id)
    if post is None or post.author.username.lower() != username.lower():
        raise Http404(_("Post not found."))
    return post


@login_required
def compose(request: HttpRequest) -> HttpResponse:
    """GET: a compose page (to reply or quote); POST: publish, then show the post."""
    user = request_user(request)
    if request.method != "POST":
        initial = {
            "visibility": user.default_visibility,
            "in_reply_to": parse_id(request.GET.get("in_reply_to"), field="in_reply_to") or "",
            "quote_of": parse_id(request.GET.get("quote_of"), field="quote_of") or "",
        }
        return _compose_page(request, ComposeForm(initial=initial))
    form = ComposeForm(request.POST, request.FILES)
    post = _create(request, form, user) if form.is_valid() else None
    if post is not None:
        return _posted(request, post)
    if is_htmx(request):
        return TemplateResponse(
            request, "web/partials/compose.html", {"compose_form": form}, status=422
        )
    return _compose_page(request, form, status=422)


def _create(request: HttpRequest, form: ComposeForm, user: User) -> Post | None:
    """Store the uploads, then publish the post with them; None after adding form errors."""
    media_ids = upload_form_media(request, form, user)
    if media_ids is None:
        return None
    data = form.cleaned_data
    try:
        return post_create_with_media(
            author=user,
            draft=services.PostDraft(text=data["text"], spoiler_text=data["spoiler_text"]),
            media_ids=media_ids,
            visibility=data["visibility"],
            in_reply_to_id=parse_id(data["in_reply_to"], field="in_reply_to"),
            quote_of_id=parse_id(data["quote_of"], field="quote_of"),
        )
    except NotFound:
        raise
    except BalaiError as error:
        add_service_error(form, error)
    return None


def _compose_page(request: HttpRequest, form: ComposeForm, status: int = 200) -> HttpResponse:
    context: dict[str, object] = {"compose_form": form}
    for key in ("in_reply_to", "quote_of"):
        target_id = str(form[key].value() or "")
        target = get_visible_post(request.user, target_id) if target_id.isdigit() else None
        if target_id and target is None and status == 200:
            raise NotFound(_("Post not found."))
        context[key] = target
    return TemplateResponse(request, "web/compose.html", context, status=status)


def _posted(request: HttpRequest, post: Post) -> HttpResponse:
    if is_htmx(request):
        # A reply box stays a reply box: the next post answers the same post again.
        fresh = ComposeForm(
            initial={"visibility": post.visibility, "in_reply_to": post.in_reply_to_id or ""}
        )
        context = {**post_page(request.user, [post], 1), "compose_form": fresh, "new_post": post}
        return TemplateResponse(request, "web/partials/posted.html", context)
    messages.success(request, _("Your post is published."))
    if post.in_reply_to_id:
        return redirect(post_url(post))
    return HttpResponseRedirect(safe_next(request, post_url(post), referer=False))


def thread(request: HttpRequest, username: str, post_id: int) -> HttpResponse:
    post = _visible_or_404(request, username, post_id)
    if post.reblog_of is not None:
        return redirect(post_url(post.reblog_of))
    context_thread = selectors.thread_context(request.user, post)
    above = len(context_thread.ancestors)
    everything = [*context_thread.ancestors, post, *context_thread.descendants]
    context = post_page(request.user, everything, len(everything) + 1)
    cards = context["cards"]
    cards[above]["body"]["focus"] = True
    context.update(
        ancestors=cards[:above],
        focused=cards[above : above + 1],
        descendants=cards[above + 1 :],
        title=_("Post by %(name)s") % {"name": post.author.name},
    )
    note_views(request.user, everything)
    if request.user.is_authenticated:
        user = request_user(request)
        context["compose_form"] = ComposeForm(
            initial={"in_reply_to": post.pk, "visibility": _reply_visibility(user, post)}
        )
    return TemplateResponse(request, "web/thread.html", context)


def _reply_visibility(user: object, post: Post) -> str:
    default = str(getattr(user, "default_visibility", "public"))
    order = ["public", "unlisted", "private", "direct"]
    return max(default, post.visibility, key=order.index)


def history(request: HttpRequest, username: str, post_id: int) -> HttpResponse:
    post = _visible_or_404(request, username, post_id)
    versions = selectors.post_history(post)[::-1]
    context = {"post": post, "versions": versions, "title": _("Edit history")}
    return TemplateResponse(request, "web/history.html", context)


@login_required
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    user = request_user(request)
    post = get_visible_post(user, post_id)
    if post is None or post.author_id != user.pk or post.reblog_of_id:
        raise Http404(_("Post not found."))
    attached = attachments_by_post([post.pk]).get(post.pk, [])
    initial = {"text": post.text, "spoiler_text": post.spoiler_text}
    form = EditForm(request.POST or None, request.FILES or None, initial=initial, attached=attached)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and _save_edit(request, form, post, user):
            messages.success(request, _("Your post is updated."))
            return redirect(post_url(post))
    kept = [m.pk for m in attached]
    if hasattr(form, "cleaned_data"):
        kept = form.cleaned_data.get("keep_media", [])
    context = {"form": form, "post": post, "title": _("Edit post")}
    context.update(attached=attached, kept=kept)
    return TemplateResponse(request, "web/edit.html", context, status=status)


def _save_edit(request: HttpRequest, form: EditForm, post: Post, user: User) -> bool:
    """New text and attachments (the kept ones, then new uploads); False after form errors."""
    new_ids = upload_form_media(request, form, user)
    if new_ids is None:
        return False
    draft = services.PostDraft(
        text=form.cleaned_data["text"], spoiler_text=form.cleaned_data["spoiler_text"]
    )
    media_ids = [*form.cleaned_data["keep_media"], *new_ids]
    try:
        post_edit_with_media(author=user, post_id=post.pk, draft=draft, media_ids=media_ids)
    except BalaiError as error:
        add_service_error(form, error)
        return False
    return True


@login_required
@require_POST
def delete(request: HttpRequest, post_id: int) -> HttpResponse:
    user = request_user(request)
    services.post_delete(author=user, post_id=post_id)
    if is_htmx(request):
        return HttpResponse("")
    messages.success(request, _("Your post is deleted."))
    target = redirect_back(request, reverse("web:home"))
    if str(post_id) in target["Location"]:  # the deleted post's own page is gone
        return redirect("web:profile", user.username)
    return target


@login_required
@require_POST
def act(request: HttpRequest, post_id: int, action: str) -> HttpResponse:
    """Like, repost, bookmark and their undoing; htmx gets the updated action bar."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404(_("Unknown action."))
    user = request_user(request)
    post = handler(user=user, post_id=post_id)
    if is_htmx(request):
        original = get_visible_post(user, post_id)
        if original is None:
            raise NotFound(_("Post not found."))
        context = {"c": post_page(user, [original], 1)["cards"][0], "t": action_labels()}
        return TemplateResponse(request, "web/partials/actions.html", context)
    return redirect_back(request, post_url(post.reblog_of or post))
