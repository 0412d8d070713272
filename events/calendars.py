"""Work in progress."""


def personal_feed(request, token):
    raise NotImplementedError


def feed_settings(request):
    raise NotImplementedError
