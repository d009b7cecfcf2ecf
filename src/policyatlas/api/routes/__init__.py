"""The service's routes, one router per area; each is a thin layer over a library call."""
