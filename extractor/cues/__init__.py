"""Cue finders the structure and annotate stages consult: unit lists, role labels, bracket groups,
inline duty clauses, carried-forward units."""
