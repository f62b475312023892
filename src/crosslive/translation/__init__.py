"""Machine translation behind one small Protocol, with a glossary, a cache and language ID."""
