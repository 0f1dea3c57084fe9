from rest_framework.pagination import PageNumberPagination

from public.cache import CachedCountPaginator


class Pagination(PageNumberPagination):
    """Pages of PAGE_SIZE (50) by default; clients may ask for up to 500 with ?page_size=."""

    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CachedCountPaginator
