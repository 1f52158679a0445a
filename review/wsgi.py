"""The WSGI entry point for a production server:

    waitress-serve --host 127.0.0.1 --port 8000 review.wsgi:app
    gunicorn -w 4 -b 127.0.0.1:8000 review.wsgi:app

Configuration comes from the environment: ``WAGEWATCH_SECRET_KEY`` (required), ``WAGEWATCH_DB``
and ``WAGEWATCH_CONFIG``. ``wagewatch serve`` does the same with waitress and command-line options.
"""

from review import create_app

app = create_app()
