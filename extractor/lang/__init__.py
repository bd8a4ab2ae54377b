"""Language knowledge every stage shares: the unit lexicon, role cues, the numeral parser."""
