from tests.api.support import api  # noqa: F401  (the fixture)
