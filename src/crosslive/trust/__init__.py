"""Trust credentials with evidence, shown per market the way each market weighs them."""
