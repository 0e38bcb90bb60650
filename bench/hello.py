"""The load benchmark's baseline: a bare Flask app with one route that answers "hello".

bench/load.py serves it under the same gunicorn settings as the site:

    gunicorn --config gunicorn.conf.py --pythonpath bench --bind 127.0.0.1:8001 'hello:app'
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
