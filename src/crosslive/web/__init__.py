"""Server-rendered pages: the seller admin and the public pages."""
