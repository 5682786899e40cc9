"""Where the code leans on undocumented parts of Django, django-csp or redis-py, this fails
loudly on an upgrade that moves them, naming the module to re-check, before a subtler test
fails or, worse, nothing does.

Checked against Django 5.2.19, django-csp 4.0 and redis-py 7.4.1.
"""

import inspect

from csp import middleware as csp_middleware
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.forms.models import BaseModelForm
from django.utils.functional import cached_property


def test_django_redis_cache_internals_for_the_guarded_cache():
    """newsroom/serving/redis_cache.py replaces the client RedisCache builds per call."""
    assert isinstance(inspect.getattr_static(RedisCache, "_cache"), cached_property), (
        "RedisCache._cache is no longer a cached_property: re-check newsroom/serving/"
        "redis_cache.py (GuardedRedisCache)"
    )
    for name in ("_get_connection_pool", "get_client"):
        assert hasattr(RedisCacheClient, name), (
            f"RedisCacheClient.{name} is gone: re-check newsroom/serving/redis_cache.py"
        )
    assert "self._client = " in inspect.getsource(RedisCacheClient.__init__), (
        "RedisCacheClient no longer keeps its redis-py class in _client: re-check "
        "newsroom/serving/redis_cache.py"
    )
    assert list(inspect.signature(RedisCacheClient._get_connection_pool).parameters) == [
        "self",
        "write",
    ]


def test_django_csp_internals_for_the_cached_site_policy():
    """newsroom/csp.py builds the site's header once and adds a nonce only under /admin/."""
    for name in ("_csp_nonce_post_response", "get_policy_parts", "process_response"):
        assert hasattr(csp_middleware.CSPMiddleware, name), (
            f"django-csp's CSPMiddleware.{name} is gone: re-check newsroom/csp.py"
        )
    assert hasattr(csp_middleware, "CheckableLazyObject"), "re-check newsroom/csp.py"


def test_django_model_form_and_file_internals():
    """articles/forms.py (_get_validation_exclusions) and articles/models/media.py
    (FieldFile._committed: a new upload not yet stored)."""
    assert hasattr(BaseModelForm, "_get_validation_exclusions"), "re-check articles/forms.py"
    assert "_committed" in inspect.getsource(FieldFile.__init__), (
        "re-check articles/models/media.py"
    )


def test_the_database_feature_that_chooses_the_union_queries(db):
    """ArticleQuerySet.by_section() and articles/related.py limit each part of a UNION where
    the database can (PostgreSQL) and take another query shape where it cannot (SQLite)."""
    flag = connection.features.supports_slicing_ordering_in_compound
    assert flag is (connection.vendor == "postgresql")
