"""The lowest layer: the typed values the stages hand each other (model) and the data-file loader."""
