"""What the open-data storage holds of a publication's files (the tests read it as a download would)."""

import json

from opendata import files


def content(file) -> bytes:
    with files.storage().open(file.stored_name, "rb") as kept:
        return kept.read()


def stored(publication) -> dict[str, bytes]:
    return {f.name: content(f) for f in publication.files.select_related("publication")}


def expected_names(publication) -> set[str]:
    """What a publication's files should be: what its data package describes, the package and the ZIP."""
    package = json.loads(content(publication.files.select_related("publication").get(name=files.PACKAGE)))
    return {r["path"] for r in package["resources"]} | {files.PACKAGE, files.zip_name(publication)}
