"""Charts as SVG drawn on the server with pygal: no JavaScript, no external resource, French labels.

Each chart is an image (``<img src=...svg>``) with its data table beside it on the page; an SVG loaded
as an image never runs scripts, and pygal's configuration script is stripped from the file anyway
(``_strip_scripts``) so that opened on its own it runs nothing either. The palette keeps every line and
bar at 4.5:1 or more against white; the target is a dashed line, the network's median a solid grey
one, each named at its end, so neither depends on colour alone.
"""

from datetime import date

import pygal
from django.http import HttpResponse
from pygal.style import Style

from community.steering import formats

INK = "#1d2433"
MUTED = "#4d5566"
BRAND = "#1b4f8a"  # the site's blue: the centre, the bars at or above the target
ALERT = "#b3261e"  # the site's red: the target, the bars under it
GREY = "#5c6373"  # the network, the centres not named
TEAL = "#00695c"
WIDTH, HEIGHT = 860, 400

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle="#d5dae3",  # guide lines only: text uses ``foreground``
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=12,
    no_data_font_size=20,
    guide_stroke_dasharray="0",
    major_guide_stroke_dasharray="0",
    guide_stroke_color="#e3e7ee",
    major_guide_stroke_color="#e3e7ee",
    opacity="1",
    opacity_hover="1",
    stroke_opacity="1",
    stroke_opacity_hover="1",
    stroke_width="3",
    stroke_width_hover="3",
    transition="0s",
    colors=(BRAND, GREY, ALERT, TEAL),
    value_colors=("#ffffff",),  # values printed inside the bars
)

CALLS_STYLE = Style(**{**vars(STYLE), "colors": (GREY, BRAND)})

# Rules drawn across the plot (the target, the median): text outlined in white to stay legible over bars.
EXTRA_CSS = f"""
.rule {{ fill: none; stroke-width: 2.5; }}
.rule.target {{ stroke: {ALERT}; stroke-dasharray: 8,5; }}
.rule.median {{ stroke: {INK}; }}
.rule-label {{ font-size: 13px; font-weight: 600; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; }}
.rule-label.target {{ fill: {ALERT}; }}
.rule-label.median {{ fill: {INK}; }}
.axis text, .legends text {{ fill: {INK}; }}
.text-overlay text.value {{ fill: #ffffff; font-weight: 600; }}
.axis .line {{ stroke: {MUTED}; }}
"""

CONFIG = dict(
    js=[],
    css=["file://style.css", "file://graph.css", "inline:" + EXTRA_CSS],
    style=STYLE,
    width=WIDTH,
    height=HEIGHT,
    explicit_size=False,  # scales to its box (width: 100% in CSS)
    legend_at_bottom=True,
    legend_at_bottom_columns=3,
    legend_box_size=14,
    truncate_label=-1,
    truncate_legend=-1,
    print_values=False,
    show_minor_x_labels=True,
    dots_size=3.5,
    margin=16,
    margin_bottom=36,
    margin_right=30,  # room for the last month's label  # pygal places the bottom legend lower than the room it keeps for it
    spacing=14,
    no_data_text="Aucune donnée",
    disable_xml_declaration=False,
)


class Rule:
    """A line across the plot at one value (the target, the median), with its name written beside it."""

    def __init__(self, value: float | None, label: str, kind: str):
        self.value, self.label, self.kind = value, label, kind


class RulesMixin:
    """Draws ``rules`` over the series once pygal has placed them (its view maps values to the plot).

    On a horizontal chart the rules are vertical: the first one's name at the top, the next at the
    bottom, so that two close values (the target and the median) keep their names apart.
    """

    rules: list[Rule] = []

    def _plot(self):
        super()._plot()
        width, height = self.view.width, self.view.height
        for index, rule in enumerate(rule for rule in self.rules if rule.value is not None):
            at = self.view.y(rule.value)  # on a horizontal chart, the value axis is drawn as x
            if self.horizontal:
                path = f"M{at} 0 L{at} {height}"
                near_end = at > width * 0.8
                x, y = (at - 5 if near_end else at + 5), (14 if index % 2 == 0 else height - 6)
                anchor = "end" if near_end else "start"
            else:
                path = f"M0 {at} L{width} {at}"
                x, y, anchor = width - 4, at - 7, "end"
            self.svg.node(self.nodes["plot"], "path", d=path, class_=f"rule {rule.kind}")
            label = self.svg.node(self.nodes["plot"], "text", x=x, y=y, class_=f"rule-label {rule.kind}")
            label.set("text-anchor", anchor)
            label.text = rule.label


class RuledLine(RulesMixin, pygal.Line):
    pass


class RuledHorizontalBar(RulesMixin, pygal.HorizontalBar):
    pass


def _strip_scripts(root):
    """pygal writes its configuration in a <script> even with ``js=[]``: charts here run nothing."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _titled(title: str):
    """An accessible name for the SVG opened on its own (the page's <img alt> names it there)."""

    def add_title(root):
        root.set("role", "img")
        root.set("aria-label", title)
        return root

    return add_title


def _render(chart, title: str) -> bytes:
    chart.add_xml_filter(_strip_scripts)
    chart.add_xml_filter(_titled(title))
    return chart.render()


def _rate_range(values) -> tuple[float, float]:
    """From 5 points under the lowest rate (rounded down to 5 %, never under 0) to 100 %."""
    known = [value for value in values if value is not None]
    low = min(known, default=0.5) - 0.05
    return max(0.0, int(low * 20) / 20), 1.0


def _percent_labels(low: float, high: float, step: float = 0.05) -> list[dict]:
    count = round((high - low) / step)
    return [{"value": low + i * step, "label": formats.percent(low + i * step, 0)} for i in range(count + 1)]


def _month_labels(chart, months: list[date]) -> None:
    """Every month on the axis, its name written for one in two (one in three over 12): "sept. 2026" is wide."""
    chart.x_labels = [formats.month_short(month) for month in months]
    if len(months) > 6:
        chart.x_labels_major = chart.x_labels[:: -3 if len(months) > 12 else -2]
        chart.show_minor_x_labels = False


# How each kind of line is drawn: (colour, stroke, dots).
LINES = {
    "main": (BRAND, {"width": 3.5}, True),  # a centre, or the network's median on the network's chart
    "median": (GREY, {"width": 2.5}, True),  # the network's median beside a centre
    "quartile": (GREY, {"width": 1.5, "dasharray": "2,5"}, False),
}


def rate_series(
    title: str, months: list[date], series: list[tuple[str, list[float | None], str]], target: float
) -> bytes:
    """Taux de décroché month by month: ``series`` are (name, one value per month, kind of line); the target dashed."""
    low, high = _rate_range([value for _name, points, _kind in series for value in points] + [target])
    style = Style(**{**vars(STYLE), "colors": tuple(LINES[kind][0] for _name, _points, kind in series)})
    chart = RuledLine(
        **{**CONFIG, "style": style}, range=(low, high), value_formatter=formats.percent, allow_interruptions=True
    )
    chart.y_labels = _percent_labels(low, high)
    _month_labels(chart, months)
    for name, points, kind in series:
        _colour, stroke, dots = LINES[kind]
        chart.add(name, points, stroke_style=stroke, show_dots=dots)
    chart.rules = [Rule(target, f"Cible {formats.percent(target, 0)}", "target")]
    return _render(chart, title)


def calls_series(title: str, months: list[date], received: list[int | None], answered: list[int | None]) -> bytes:
    """Calls received and answered month by month, side by side."""
    chart = pygal.Bar(**{**CONFIG, "style": CALLS_STYLE}, value_formatter=formats.number, include_x_axis=True)
    _month_labels(chart, months)
    chart.add("Appels reçus", received)
    chart.add("Appels décrochés", answered)
    return _render(chart, title)


def comparison_height(bars: int) -> int:
    return max(240, 110 + 44 * bars)


def comparison(title: str, bars: list[tuple[str, float, str]], median: float | None, target: float) -> bytes:
    """One month across centres: one bar per centre (label, rate, colour), the best at the top."""
    height = comparison_height(len(bars))
    chart = RuledHorizontalBar(
        **{**CONFIG, "height": height, "print_values": True},
        range=(0, 1),
        show_legend=False,
        value_formatter=formats.percent,
    )
    chart.y_labels = _percent_labels(0, 1, 0.1)
    ordered = bars[::-1]  # pygal draws the first bar at the bottom
    chart.x_labels = [label for label, _rate, _colour in ordered]
    chart.add("Taux de décroché", [{"value": rate, "color": colour} for _label, rate, colour in ordered])
    chart.rules = [
        Rule(target, f"Cible {formats.percent(target, 0)}", "target"),
        Rule(median, f"Médiane {formats.percent(median)}", "median") if median is not None else Rule(None, "", ""),
    ]
    return _render(chart, title)


def svg_response(svg: bytes) -> HttpResponse:
    """The chart as an image; opened on its own, its CSP lets its inline styles apply and nothing else."""
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
