"""Figures written the French way in templates: ``{{ row.rate|percent }}`` → "87,4 %"."""

from django import template

from community.steering import formats

register = template.Library()

register.filter("percent", formats.percent)
register.filter("number", formats.number)
register.filter("decimal", formats.decimal)
register.filter("seconds", formats.seconds)
register.filter("points", formats.points)
register.filter("month_short", formats.month_short)
register.filter("month_long", formats.month_long)
register.filter("month_param", formats.month_param)
