"""A local mirror of the platforms wagewatch crawls, serving the bundled demo corpus in their
real formats, for ``wagewatch demo`` and the crawler tests: see :func:`demo.server.serve_demo`.
"""
