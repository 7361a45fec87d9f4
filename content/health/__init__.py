"""Content health: checks editors run over the guide, as plain functions that write nothing.

``registry.run_checks()`` runs every registered check. The guide's own checks live here
(completeness, links, glossary); other apps add theirs with ``registry.register_check`` (the
selector adds "never recommended" and the planning questions' glossary links).
"""
