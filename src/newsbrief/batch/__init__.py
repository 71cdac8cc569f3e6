"""Many records at once.

Map (which module decides what):
- ``records``: one record: numbered lines, their JSON, the brief or error each becomes.
- ``stream``: one stream in, one out, in order, on local processes (``batch IN -o OUT``).
- ``inputs``: files, globs and folders of JSONL (plain, .gz, .zst) or Parquet, cut into parts.
- ``shards``: one output shard a part, written whole or not at all; manifest, resume, joining.
- ``engines``: a sharded run on local processes; ``dask_engine``: the same tasks on Dask.
"""

from newsbrief.batch.engines import ENGINES, SHARD_LINES, Plan, ShardedResult, run_sharded
from newsbrief.batch.records import Options, brief_line, decode_line, iter_lines
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
