"""Reading an indicator import (CSV or XLSX, one row per centre and month) into ``MonthValues``, cell by cell.

The format is ``COLUMNS``; the import page documents it from there. A file is refused whole with
``ImportRefused``: at once when it cannot be read as a table (too big, not a CSV nor a workbook, wrong
header, no data), or with every faulty cell (line as the user sees it, column header, French reason).
Nothing here writes until ``save``, which hands valid rows to ``services.save_months`` (all or nothing).
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from community import permissions
from community.library.uploads import human_size, sniff
from community.models import Centre
from community.steering import formats, services
from community.steering.models import MonthlyIndicator, this_month
from community.steering.services import MonthValues

MAX_ROWS = 20_000
# Lines read in all (blank ones included): a sheet with a million formatted but empty rows stops here.
MAX_LINES = 5 * MAX_ROWS
# A workbook is a zip: its parts, once inflated, may weigh this many times the upload limit at most.
MAX_INFLATION = 20
SHOWN_ERRORS = 50
FIRST_YEAR = 2000
MAX_COUNT = 10**9
MAX_FTE = Decimal("9999.99")
CENTI = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # MonthValues attribute
    parser: str  # name of the _RowReader method that reads the cell
    label: str
    help: str


COLUMNS = (
    Column("centre", "centre", "centre", gettext_lazy("Centre"), gettext_lazy(
        "L'identifiant du centre (celui de son adresse, par exemple « bretagne ») ou son nom exact. "
        "Un cadre de santé importe les mois de son centre seulement.")),
    Column("mois", "month", "month", gettext_lazy("Mois"), gettext_lazy(
        "AAAA-MM (par exemple 2026-09) ou une date du mois (le jour est ignoré). "
        "Un mois commencé : pas de mois à venir.")),
    Column("appels_recus", "calls_received", "count", gettext_lazy("Appels reçus"), gettext_lazy(
        "Nombre entier, 0 ou plus. Obligatoire.")),
    Column("appels_decroches", "calls_answered", "count", gettext_lazy("Appels décrochés"), gettext_lazy(
        "Nombre entier, au plus égal aux appels reçus. Obligatoire. "
        "Le taux de décroché est calculé : ne le saisissez pas.")),
    Column("attente_mediane_s", "median_wait_seconds", "optional_count", gettext_lazy("Attente médiane"),
           gettext_lazy("Attente médiane avant décroché, en secondes (nombre entier). Facultatif.")),
    Column("etp", "staff_fte", "fte", gettext_lazy("Effectif en poste"), gettext_lazy(
        "En équivalents temps plein, avec une virgule ou un point (par exemple 12,5). Facultatif.")),
    Column("arrivees", "arrivals", "count_or_zero", gettext_lazy("Arrivées"), gettext_lazy(
        "Personnes arrivées dans l'équipe pendant le mois (nombre entier). Vide : 0.")),
    Column("departs", "departures", "count_or_zero", gettext_lazy("Départs"), gettext_lazy(
        "Personnes parties de l'équipe pendant le mois (nombre entier). Vide : 0.")),
)  # fmt: skip
HEADER = tuple(column.header for column in COLUMNS)
HEADER_BY_FIELD = {column.field: column.header for column in COLUMNS}


@dataclass(frozen=True)
class CellError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("Ligne %(line)s, colonne %(column)s : %(reason)s") % {
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }


class ImportRefused(ValueError):
    """The whole file is refused; ``errors`` lists its faulty cells when the table itself could be read."""

    def __init__(self, message: str, errors: list[CellError] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class _BadCell(ValueError):
    """One cell's French reason, turned into a ``CellError`` by the row reader."""


def max_bytes_label() -> str:
    return human_size(settings.STEERING_IMPORT_MAX_BYTES)


def too_big_message(size: int) -> str:
    return _("Le fichier pèse %(size)s ; la taille maximale est de %(limit)s.") % {
        "size": human_size(size),
        "limit": max_bytes_label(),
    }


# --- Reading the file --------------------------------------------------------------------------------


def read_upload(upload, actor) -> list[MonthValues]:
    """The file's rows, each one checked; raises ``ImportRefused`` unless every cell is right."""
    if upload.size > settings.STEERING_IMPORT_MAX_BYTES:
        raise ImportRefused(too_big_message(upload.size))
    if not upload.size:
        raise ImportRefused(_("Le fichier est vide."))
    kind = sniff(upload)  # the content decides, not the name
    if kind == "xlsx":
        lines = _xlsx_lines(upload)
    elif kind == "txt":
        lines = _csv_lines(upload)
    else:
        raise ImportRefused(
            _(
                "Ce fichier n'est ni un CSV ni un classeur XLSX. Enregistrez votre tableau au format "
                "« CSV UTF-8 » ou « Classeur Excel (.xlsx) », ou partez du modèle à télécharger ci-dessous."
            )
        )
    return _RowReader(actor).read(lines)


def _csv_lines(upload):
    """(line number, cells) of a CSV in UTF-8 (BOM or not), or Windows-1252 as French Excel writes by default."""
    upload.seek(0)
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Each record is one line as a spreadsheet shows it (a quoted line break stays in its cell).
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise ImportRefused(_("Le fichier CSV est mal formé : %(error)s.") % {"error": error}) from error


def _xlsx_lines(upload):
    """(row number, cells) of the workbook's first sheet, values as Excel last computed them."""
    from openpyxl import load_workbook

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise _unreadable_workbook() from error
    if inflated > MAX_INFLATION * settings.STEERING_IMPORT_MAX_BYTES:
        raise ImportRefused(_("Ce classeur est trop volumineux une fois décompressé."))
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook; each means the same here
        raise _unreadable_workbook() from error
    try:
        sheet = workbook.worksheets[0]
        # Columns past the format's (and a few spare) are never read: a crafted sheet cannot widen rows.
        yield from enumerate(sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 8), start=1)
    finally:
        workbook.close()


def _unreadable_workbook() -> ImportRefused:
    return ImportRefused(
        _("Ce classeur XLSX n'a pas pu être lu : il est peut-être endommagé ou protégé par un mot de passe.")
    )


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _normalised(header) -> str:
    """``Appels décrochés`` → ``appels_decroches``: case, accents, spaces and dashes do not count."""
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _shown(value) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


class _RowReader:
    """Reads the header then each data row, with what a row needs: the centres, the actor, the rows seen."""

    def __init__(self, actor):
        self.actor = actor
        self.this_month = this_month()
        self.seen: dict[tuple[int, date], int] = {}
        self.by_key: dict[str, Centre] = {}
        for centre in Centre.objects.all():
            self.by_key[centre.slug.casefold()] = centre
            self.by_key[" ".join(centre.name.split()).casefold()] = centre

    def read(self, lines) -> list[MonthValues]:
        positions = None
        rows, errors, count = [], [], 0
        for line, cells in lines:
            if line > MAX_LINES:
                raise self._too_many_rows()
            cells = list(cells)
            if all(_blank(cell) for cell in cells):
                continue
            if positions is None:
                positions = self._header(line, cells)
                continue
            count += 1
            if count > MAX_ROWS:
                raise self._too_many_rows()
            values, row_errors = self._row(line, cells, positions)
            errors.extend(row_errors)
            if values is not None:
                rows.append(values)
        if positions is None:
            raise ImportRefused(_("Le fichier est vide : il n'a ni ligne d'en-tête ni ligne de données."))
        if not count:
            raise ImportRefused(_("Le fichier n'a aucune ligne de données sous sa ligne d'en-tête."))
        if errors:
            message = ngettext(
                "Le fichier a %(count)s erreur : rien n'a été enregistré. Corrigez-la puis importez-le de nouveau.",
                "Le fichier a %(count)s erreurs : rien n'a été enregistré. Corrigez-les puis importez-le de nouveau.",
                len(errors),
            ) % {"count": formats.number(len(errors))}
            raise ImportRefused(message, errors)
        return rows

    @staticmethod
    def _too_many_rows() -> ImportRefused:
        return ImportRefused(
            _("Le fichier dépasse %(max)s lignes : découpez-le en plusieurs fichiers.")
            % {"max": formats.number(MAX_ROWS)}
        )

    def _header(self, line: int, cells: list) -> dict[str, int]:
        names = [_normalised(cell) for cell in cells]
        while names and not names[-1]:
            names.pop()
        positions = {name: index for index, name in reversed(list(enumerate(names))) if name}
        missing = [header for header in HEADER if header not in positions]
        unknown = [str(cells[index]).strip() for index, name in enumerate(names) if name and name not in HEADER]
        doubled = sorted({name for name in names if name and names.count(name) > 1})
        if not (missing or unknown or doubled):
            return positions
        problems = []
        if missing:
            problems.append(_("colonnes manquantes : %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(
                _("colonnes inconnues : %(names)s") % {"names": ", ".join(f"« {_shown(n)} »" for n in unknown)}
            )
        if doubled:
            problems.append(_("colonnes en double : %(names)s") % {"names": ", ".join(doubled)})
        raise ImportRefused(
            _("La ligne d'en-tête (ligne %(line)s) ne suit pas le modèle : %(problems)s. En-tête attendu : %(header)s")
            % {"line": line, "problems": " ; ".join(problems), "header": ";".join(HEADER)}
        )

    def _row(self, line: int, cells: list, positions: dict[str, int]):
        errors, parsed = [], {}
        for column in COLUMNS:
            index = positions[column.header]
            value = cells[index] if index < len(cells) else None
            if isinstance(value, str):
                value = value.strip()
            try:
                parsed[column.field] = getattr(self, f"_{column.parser}")(None if _blank(value) else value)
            except _BadCell as problem:
                errors.append(CellError(line, column.header, str(problem)))
        extra = [cell for index, cell in enumerate(cells) if index not in positions.values() and not _blank(cell)]
        if extra:
            errors.append(
                CellError(
                    line, _("(hors en-tête)"), _("Valeur sans colonne : « %(value)s ».") % {"value": _shown(extra[0])}
                )
            )
        received, answered = parsed.get("calls_received"), parsed.get("calls_answered")
        if received is not None and answered is not None and answered > received:
            errors.append(
                CellError(
                    line,
                    "appels_decroches",
                    _(
                        "%(answered)s décrochés pour %(received)s reçus : les appels décrochés ne peuvent pas dépasser les appels reçus."
                    )
                    % {"answered": formats.number(answered), "received": formats.number(received)},
                )
            )
        centre, month = parsed.get("centre"), parsed.get("month")
        if centre is not None and month is not None:
            first = self.seen.setdefault((centre.pk, month), line)
            if first != line:
                errors.append(
                    CellError(
                        line,
                        "mois",
                        _("%(centre)s, %(month)s figure déjà ligne %(first)s : une seule ligne par centre et par mois.")
                        % {"centre": centre.name, "month": f"{month:%Y-%m}", "first": first},
                    )
                )
        if errors:
            return None, errors
        values = MonthValues(**parsed)
        # The services' own rules, should they ever ask more than the cells above check.
        problems = [
            CellError(line, HEADER_BY_FIELD.get(field, "centre"), message) for field, message in values.problems()
        ]
        return (None if problems else values), problems

    # One method per kind of cell: the value (None when blank) or _BadCell with the reason.

    def _centre(self, value) -> Centre:
        if value is None:
            raise _BadCell(_("Centre manquant."))
        centre = self.by_key.get(" ".join(str(value).split()).casefold())
        if centre is None:
            raise _BadCell(_("Centre inconnu : « %(value)s ».") % {"value": _shown(value)})
        if not permissions.can_steer_centre(self.actor, centre):
            raise _BadCell(_("Centre hors de votre périmètre : « %(value)s ».") % {"value": _shown(value)})
        return centre

    def _month(self, value) -> date:
        if value is None:
            raise _BadCell(_("Mois manquant."))
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            value = self._month_from_text(str(value))
        month = value.replace(day=1)
        if month.year < FIRST_YEAR:
            raise _BadCell(_("Mois trop ancien : %(month)s.") % {"month": f"{month:%Y-%m}"})
        if month > self.this_month:
            raise _BadCell(
                _("Mois à venir (%(month)s) : seuls les mois commencés peuvent être importés.")
                % {"month": f"{month:%Y-%m}"}
            )
        return month

    @staticmethod
    def _month_from_text(text: str) -> date:
        text = text.strip()
        patterns = (
            (r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T].*)?", (1, 2)),  # 2026-09, 2026-09-01, 2026-09-01 00:00:00
            (r"(\d{1,2})/(\d{4})", (2, 1)),  # 09/2026
            (r"(\d{1,2})/(\d{1,2})/(\d{4})", (3, 2)),  # 01/09/2026
        )
        for pattern, (year, month) in patterns:
            if match := re.fullmatch(pattern, text):
                try:
                    return date(int(match.group(year)), int(match.group(month)), 1)
                except ValueError:
                    break
        raise _BadCell(
            _("« %(value)s » n'est pas un mois : écrivez AAAA-MM, par exemple 2026-09.") % {"value": _shown(text)}
        )

    def _count(self, value) -> int:
        if value is None:
            raise _BadCell(_("Valeur manquante."))
        return self._count_or_none(value)

    def _optional_count(self, value) -> int | None:
        return None if value is None else self._count_or_none(value)

    def _count_or_zero(self, value) -> int:
        return 0 if value is None else self._count_or_none(value)

    @staticmethod
    def _count_or_none(value) -> int:
        number = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            text = re.sub(r"[\s\u00a0\u202f]", "", value)
            # No decimal part, even ",0": "1,000" could be a thousand or one.
            if re.fullmatch(r"[-+]?\d+", text):
                number = int(text)
        if number is None:
            raise _BadCell(_("« %(value)s » n'est pas un nombre entier.") % {"value": _shown(value)})
        return _within_bounds(number, MAX_COUNT, value)

    @staticmethod
    def _fte(value) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int | float):
            number = Decimal(str(value))
        else:
            try:
                number = Decimal(re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace(",", "."))
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            raise _BadCell(_("« %(value)s » n'est pas un nombre (par exemple 12,5).") % {"value": _shown(value)})
        return _within_bounds(number.quantize(CENTI, rounding=ROUND_HALF_UP), MAX_FTE, value)


def _within_bounds(number, maximum, value):
    if number < 0:
        raise _BadCell(
            _("Valeur négative (%(value)s) : les indicateurs sont positifs ou nuls.") % {"value": _shown(value)}
        )
    if number > maximum:
        raise _BadCell(_("Valeur trop grande : « %(value)s ».") % {"value": _shown(value)})
    return number


# --- Saving --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    months: int
    centres: int
    created: int

    @property
    def updated(self) -> int:
        return self.months - self.created

    def message(self) -> str:
        saved = ngettext("%(months)s mois enregistré", "%(months)s mois enregistrés", self.months) % {
            "months": formats.number(self.months)
        }
        centres = ngettext("pour %(count)s centre", "pour %(count)s centres", self.centres) % {"count": self.centres}
        created = ngettext("%(count)s nouveau", "%(count)s nouveaux", self.created) % {
            "count": formats.number(self.created)
        }
        updated = _("%(count)s mis à jour") % {"count": formats.number(self.updated)}
        return f"{saved} {centres} ({created}, {updated})."


def save(rows: list[MonthValues], actor) -> ImportSummary:
    """Save the rows all or nothing (``services.save_months``) and tell how many months were new."""
    centre_ids = {row.centre.pk for row in rows}
    months = [row.month for row in rows]
    with transaction.atomic():
        existing = set(
            MonthlyIndicator.objects.filter(centre_id__in=centre_ids, month__gte=min(months), month__lte=max(months))
            .order_by()
            .values_list("centre_id", "month")
            .iterator()
        )
        services.save_months(rows, actor)
    created = sum((row.centre.pk, row.month) not in existing for row in rows)
    return ImportSummary(months=len(rows), centres=len(centre_ids), created=created)


# --- The downloadable templates ------------------------------------------------------------------------


def example_rows(centres: list[Centre]) -> list[list]:
    """Two plausible rows: two months of one centre (a cadre's), or last month of two centres."""
    previous = (this_month() - timedelta(days=1)).replace(day=1)
    before = (previous - timedelta(days=1)).replace(day=1)
    if len(centres) == 1:
        pairs = [(centres[0], before), (centres[0], previous)]
    else:
        pairs = [(centre, previous) for centre in centres[:2]]
    figures = [(1240, 1096, 38, Decimal("12.5"), 1, 0), (1315, 1142, 44, Decimal("13"), 0, 1)]
    return [[centre.slug, month, *numbers] for (centre, month), numbers in zip(pairs, figures, strict=False)]


def template_csv_rows(centres: list[Centre]) -> list[list[str]]:
    """The CSV template's rows (``community.csv_export`` writes them for French Excel): months as AAAA-MM,
    the decimal comma."""
    return [
        list(HEADER),
        *(
            [f"{cell:%Y-%m}" if isinstance(cell, date) else str(cell).replace(".", ",") for cell in row]
            for row in example_rows(centres)
        ),
    ]


def template_xlsx(centres: list[Centre]) -> bytes:
    """The XLSX template: the table on the first sheet (the one imported), the columns explained on a second."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicateurs")
    sheet.append(HEADER)
    for row in example_rows(centres):
        sheet.append([float(cell) if isinstance(cell, Decimal) else cell for cell in row])
        sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(cell.value) + 2)
    sheet.column_dimensions["A"].width = 28
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("Format"))
    notes.append([_("Colonne"), _("Contenu")])
    for column in COLUMNS:
        notes.append([column.header, f"{column.label} — {column.help}"])
    notes.append([])
    notes.append(
        [
            _(
                "Seule la première feuille est importée. Une ligne par centre et par mois ; un mois déjà importé est mis à jour."
            )
        ]
    )
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 120
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
