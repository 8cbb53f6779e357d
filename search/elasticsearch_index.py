"""The versioned index behind the backend's alias: made by whichever process needs it first, and
moved onto a new mapping version by copying into a new index and switching the alias."""

from __future__ import annotations

from collections.abc import Callable

from search.elasticsearch_connection import Connection
from search.errors import BackendUnavailable
from search.es_schema import index_body, index_name


def ensure_alias(connection: Connection, alias: str) -> None:
    """Create the current index version and `alias` on it unless the alias exists; raise
    BackendUnavailable when the cluster is red."""
    indices = connection.client.indices
    if not connection.call("check the alias", indices.exists_alias, name=alias):
        target = index_name(alias)
        if not connection.call("check the index", indices.exists, index=target):
            connection.call("create the index", create_once, connection, target)
        connection.call("create the alias", indices.put_alias, index=target, name=alias)
    health = connection.call("read cluster health", connection.client.cluster.health)
    if health.get("status") == "red":
        raise BackendUnavailable(f"Elasticsearch cluster at {connection.url} is red")


def migrate(connection: Connection, alias: str, copy: Callable[[str], int]) -> int:
    """Move `alias` onto the current mapping version; `copy(target)` fills the new index from
    the alias and says how many documents it copied. 0 when the alias is on it already.

    Readers keep using the alias (old index) while the new one fills; the switch is one
    atomic alias update, so a mapping change needs no downtime.
    """
    indices = connection.client.indices
    target = index_name(alias)
    current = list(connection.call("read the alias", indices.get_alias, name=alias))
    if current == [target]:
        return 0
    if not connection.call("check the index", indices.exists, index=target):
        connection.call("create the index", create_once, connection, target)
    # Readers stay on the old index (through the alias) until the switch below.
    copied = copy(target)
    actions = [{"remove": {"index": name, "alias": alias}} for name in current]
    actions.append({"add": {"index": target, "alias": alias}})
    connection.call("switch the alias", indices.update_aliases, actions=actions)
    return copied


def create_once(connection: Connection, index: str) -> None:
    """Create `index`; another ingest process creating it first is not an error."""
    import elasticsearch

    try:
        connection.client.indices.create(index=index, **index_body())
    except elasticsearch.BadRequestError as error:
        if error.error != "resource_already_exists_exception":
            raise
