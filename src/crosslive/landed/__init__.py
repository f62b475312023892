"""Landed cost: shipping fees per route, VAT and sales tax, import duties and who pays them."""
