from .review_fixture import review  # noqa: F401  (the fixture, for every assess test)
