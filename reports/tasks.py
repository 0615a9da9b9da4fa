"""Background work of the documents app, run by `manage.py db_worker --queue-name '*'`."""

from django_tasks import task

from . import services


@task(queue_name="documents")
def render_document(document_id: int) -> str:
    """Render one requested document; returns its status."""
    return services.document_render(document_id=document_id).status
