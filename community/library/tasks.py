"""Background tasks of the library (django-tasks): run at once locally, by ``db_worker`` in production."""

from django_tasks import task


@task()
def extract_document_text(document_id: int) -> None:
    from community.library.extract import extract_and_index

    extract_and_index(document_id)
