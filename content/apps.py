from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Guide content"

    def ready(self) -> None:
        from . import snapshot  # noqa: F401 - connects the signals that keep the cache current
