"""{{ cookiecutter.title }}: a pykata kata pack."""
