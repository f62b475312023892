"""Market rules: what a market requires of a product before it is shown or sold there."""
