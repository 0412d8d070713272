"""``/pilotage/import/``: a coordinator, or a centre's cadre de santé for their centre, sends a CSV or XLSX of
monthly indicators; the two templates to start from.

Anyone else gets 404. The upload is read through ``imports`` (every faulty cell listed, nothing saved) and
saved through ``services.save_months`` (all or nothing).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from community import permissions
from community.models import Centre
from community.csv_export import csv_response
from community.steering import formats, imports
from community.steering.services import IndicatorError

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def importer_centre(user) -> Centre | None:
    """None for a coordinator (they import every centre), a cadre de santé's own centre; 404 for anyone else."""
    if permissions.oversees_network(user):
        return None
    if user.is_authenticated and user.centre_id and permissions.can_steer_centre(user, user.centre):
        return user.centre
    raise Http404


def example_centres(user) -> list[Centre]:
    """The template's centres: the cadre's own, or the first two a coordinator steers."""
    own = importer_centre(user)
    if own is not None:
        return [own]
    return list(Centre.objects.filter(permissions.steered_centres_q(user)).order_by("name")[:2])


class SizeCap(FileUploadHandler):
    """Stops reading an upload past the import's limit: the file is skipped (never written to disk)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.request_size = 0
        self.exceeded = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_size = content_length

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou XLSX"),
        required=False,  # an upload skipped for its size arrives empty: clean_file tells which
        error_messages={"empty": gettext_lazy("Le fichier est vide.")},
        widget=forms.FileInput(attrs={"accept": f".csv,.xlsx,text/csv,{XLSX_TYPE}"}),
    )

    def __init__(self, *args, actor, cap: SizeCap | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.cap = actor, cap
        self.cell_errors: list[imports.CellError] = []
        self.fields["file"].help_text = _(
            "Une ligne par centre et par mois, au format décrit plus bas ; %(limit)s au plus."
        ) % {"limit": imports.max_bytes_label()}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.cap is not None and self.cap.exceeded:
            if self.cap.request_size > self.cap.limit:
                raise forms.ValidationError(imports.too_big_message(self.cap.request_size))
            # A request without Content-Length (chunked): the size is unknown, only that it went past the limit.
            raise forms.ValidationError(
                _("Le fichier dépasse la taille maximale de %(limit)s.") % {"limit": imports.max_bytes_label()}
            )
        if not upload:
            raise forms.ValidationError(_("Choisissez le fichier à importer (CSV ou XLSX)."))
        try:
            self.cleaned_data["rows"] = imports.read_upload(upload, self.actor)
        except imports.ImportRefused as refused:
            self.cell_errors = refused.errors
            raise forms.ValidationError(refused.message) from refused
        return upload


@csrf_exempt  # the size cap must be in place before the CSRF check reads the body; the view checks CSRF next
def import_indicators(request):
    own_centre = importer_centre(request.user)
    cap = None
    if request.method == "POST":
        cap = SizeCap(request, settings.STEERING_IMPORT_MAX_BYTES)
        request.upload_handlers.insert(0, cap)
    return _import_indicators(request, own_centre, cap)


@csrf_protect
def _import_indicators(request, own_centre: Centre | None, cap: SizeCap | None):
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, actor=request.user, cap=cap)
        if form.is_valid():
            try:
                summary = imports.save(form.cleaned_data["rows"], request.user)
            except IndicatorError as error:
                form.add_error("file", str(error))
            else:
                messages.success(request, summary.message())
                return redirect(
                    reverse("steering:centre", args=[own_centre.slug]) if own_centre else reverse("steering:overview")
                )
        status = 400
        form.fields["file"].widget.attrs["autofocus"] = True
    else:
        form = ImportForm(actor=request.user)
    context = {
        "form": form,
        "own_centre": own_centre,
        "cell_errors": form.cell_errors[: imports.SHOWN_ERRORS],
        "more_errors": max(0, len(form.cell_errors) - imports.SHOWN_ERRORS),
        "error_count": len(form.cell_errors),
        "columns": imports.COLUMNS,
        "header": ";".join(imports.HEADER),
        "max_size": imports.max_bytes_label(),
        "max_rows": formats.number(imports.MAX_ROWS),
    }
    return render(request, "steering/import.html", context, status=status)


@require_GET
def template_csv(request):
    return csv_response(imports.template_csv_rows(example_centres(request.user)), "modele-indicateurs.csv")


@require_GET
def template_xlsx(request):
    response = HttpResponse(imports.template_xlsx(example_centres(request.user)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "modele-indicateurs.xlsx")
    return response
