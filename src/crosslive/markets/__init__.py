"""Markets a seller sells into: currency, languages, size system, warehouses, returns."""
