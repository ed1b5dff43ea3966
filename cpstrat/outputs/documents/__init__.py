"""Documents with a view-model of their own that render in several formats (young people's version, local offer)."""
