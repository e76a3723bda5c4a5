"""The inbox: refused steps and field conflicts waiting for a person (DESIGN.md principle 4)."""
