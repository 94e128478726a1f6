"""Attribution, claims and modality: the building blocks behind :mod:`sitrep.claims`."""
