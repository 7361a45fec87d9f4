from django.http import HttpRequest

NAVIGATION = (
    ("Plan", "/plan/"),
    ("Approaches", "/approaches/"),
    ("Methods and levers", "/methods/"),
    ("Case examples", "/case-examples/"),
    ("Principles", "/principles/"),
    ("Glossary", "/glossary/"),
    ("About", "/about/"),
)


def navigation(request: HttpRequest) -> dict:
    """Header links, with the section the current page belongs to marked."""
    items = [
        {"text": text, "href": href, "active": request.path.startswith(href)}
        for text, href in NAVIGATION
    ]
    return {"navigation": items}


def preview(request: HttpRequest) -> dict:
    from content.views import can_preview

    return {"preview": can_preview(request)}
