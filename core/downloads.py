"""A file the jobs made, sent from its storage: the one way the report and open-data downloads answer."""

from django.core.files.storage import Storage
from django.http import FileResponse, Http404

BLOCK = 64 * 1024  # read per block (Django's 4 KB means sixteen times the reads from an object store)


def stored_file(storage: Storage, name: str, *, filename: str, content_type: str) -> FileResponse:
    """``name`` in ``storage`` as a download called ``filename``, streamed in blocks of ``BLOCK`` bytes; Http404
    when the storage does not hold it."""
    try:
        content = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
    response.block_size = BLOCK  # read lazily, so set before the first block
    return response
