"""``make bench``: the portal served the production way and measured against floors in the same run."""
