"""The HTTP service: FastAPI over the library, RFC 9457 problem details, saved assessments."""
