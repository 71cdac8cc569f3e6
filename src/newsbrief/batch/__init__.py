"""Many records at once.

Map (which module decides what):
- ``records``: one record: numbered lines, their JSON, the brief or error each becomes.
- ``stream``: one stream in, one out, in order, on local processes (``batch IN -o OUT``).
- ``inputs``: files, globs and folders of JSONL (plain, .gz, .zst) or Parquet, cut into parts.
- ``shards``: one output shard a part, written whole or not at all; manifest, resume, joining.
- ``sharded``: a sharded run: plan the parts, skip finished ones, run the rest, join the shards.
- ``registry``: the engines by name (``local_engine``: processes here; ``dask_engine``: Dask),
  each imported only when chosen.
- ``to_store``: a part's briefs into the store, from a worker or through the one writer.
"""

from newsbrief.batch.records import Options, brief_line, decode_line, iter_lines
from newsbrief.batch.registry import ENGINES
from newsbrief.batch.sharded import SHARD_LINES, Plan, ShardedResult, run_sharded
from newsbrief.batch.stream import CHUNK_LINES, BatchResult, run_batch

__all__ = [
    "CHUNK_LINES",
    "ENGINES",
    "SHARD_LINES",
    "BatchResult",
    "Options",
    "Plan",
    "ShardedResult",
    "brief_line",
    "decode_line",
    "iter_lines",
    "run_batch",
    "run_sharded",
]
