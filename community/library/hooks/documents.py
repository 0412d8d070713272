"""Library hooks: Wagtail's own document URLs (``/documents/<id>/<name>``) ask the library's visibility rule.

A document attached to a resource (as a file's current version or an earlier one) is served to whoever
may see a live resource using it, and for a proposal (not live) to its author and its moderators. A
library document attached to nothing yet is its uploader's and the coordinators'. Everyone else gets
404, as for any private thing. Documents outside the library's collection keep Wagtail's rules.
"""

from django.db.models import Q
from django.http import Http404
from wagtail import hooks
from wagtail.models import Collection

from community import permissions
from community.library.models import ResourcePage
from community.library.services.core import COLLECTION_NAME


def may_fetch(user, document) -> bool | None:
    """Whether the user may download the document; ``None`` when the library has no say (not its document).

    At most three queries, whatever the number of resources, files and versions.
    """
    attached = list(
        ResourcePage.objects.filter(Q(files__document_id=document.pk) | Q(files__versions__document_id=document.pk))
        .order_by()
        .values_list("pk", "live", "owner_id")
        .distinct()
    )
    if attached:
        if not permissions.is_member(user):
            return False
        live = [pk for pk, is_live, _owner in attached if is_live]
        if live and ResourcePage.objects.visible_to(user).filter(pk__in=live).exists():
            return True
        drafts = [pk for pk, is_live, owner_id in attached if not is_live]
        if any(owner_id == user.pk for _pk, is_live, owner_id in attached if not is_live):
            return True
        return bool(drafts) and ResourcePage.objects.managed_by(user).filter(pk__in=drafts).exists()
    if not Collection.objects.filter(pk=document.collection_id, name=COLLECTION_NAME).exists():
        return None
    return permissions.is_member(user) and (
        document.uploaded_by_user_id == user.pk or permissions.oversees_network(user)
    )


@hooks.register("before_serve_document")
def check_library_document(document, request):
    if may_fetch(request.user, document) is False:
        raise Http404
