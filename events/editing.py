"""Work in progress."""


def create(request, group):
    raise NotImplementedError


def edit(request, pk):
    raise NotImplementedError
