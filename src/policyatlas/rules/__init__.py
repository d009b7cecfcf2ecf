"""Rule packs: the pack model, loader and validator, conditions and the obligation taxonomy."""
