"""Products, variants, prices, images, size charts and disclosed flaws."""
