"""`make bench`: wrk against a bare app, a minimal reference app and the real service, side by side."""
