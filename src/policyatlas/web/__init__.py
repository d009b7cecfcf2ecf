"""The browser UI: static assets served by the API (no CDN, nothing fetched at run time)."""
