"""Helpers of :mod:`sitrep.events`: lexicon, triggers, arguments, assembly, magnitude,
implied arguments, confidence and the learned layer."""
