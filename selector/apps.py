from django.apps import AppConfig


class SelectorConfig(AppConfig):
    name = "selector"
    verbose_name = "Planning and recommendations"

    def ready(self) -> None:
        # Content's admin shows what only the engine and the questions know (health checks,
        # the engine preview) through its registries, so content never imports the selector.
        from . import content_checks

        content_checks.register()
