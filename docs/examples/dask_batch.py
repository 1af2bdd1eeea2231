"""Run `coldroute batch` over many workers with Dask, one shard each.

Each task runs `coldroute batch SCENARIO LIST -o OUT --shard K/N` on a
worker that can see the scenario and the list (a shared file system, or
copies); the records of the N shards are then merged by row number into
one JSON Lines file, identical to what a single `coldroute batch` writes.

    pip install dask
    python3 docs/examples/dask_batch.py SCENARIO LIST OUT.jsonl N [COLDROUTE]

With a cluster, point a `dask.distributed.Client` at its scheduler before
calling `compute` (see docs/scale.md); without one, Dask runs the tasks in
local processes.
"""

import json
import os
import subprocess
import sys
import tempfile

import dask


@dask.delayed
def shard(coldroute, scenario, shipments, k, n, outdir):
    out = os.path.join(outdir, f"shard-{k}-of-{n}.jsonl")
    run = subprocess.run(
        [coldroute, "-q", "batch", scenario, shipments, "-o", out, "--shard", f"{k}/{n}"],
        capture_output=True,
        text=True,
    )
    # 0, 1 (an SLA failed) and 2 (a bad row) all wrote every record;
    # anything else is a failure of the task.
    if run.returncode not in (0, 1, 2):
        raise RuntimeError(f"shard {k}/{n}: exit {run.returncode}: {run.stderr}")
    return out, run.returncode


def main():
    scenario, shipments, merged, n = sys.argv[1:5]
    coldroute = sys.argv[5] if len(sys.argv) > 5 else "coldroute"
    n = int(n)
    with tempfile.TemporaryDirectory() as outdir:
        tasks = [shard(coldroute, scenario, shipments, k, n, outdir) for k in range(1, n + 1)]
        results = dask.compute(*tasks, scheduler="processes")
        # The lines as coldroute wrote them, ordered by their row number.
        records = []
        for path, _ in results:
            with open(path, encoding="utf-8") as f:
                records.extend((json.loads(line)["row"], line) for line in f)
        records.sort(key=lambda r: r[0])
        with open(merged, "w", encoding="utf-8") as f:
            f.writelines(line for _, line in records)
    code = max(c for _, c in results)
    print(f"{len(records)} records from {n} shards, exit code {code}")
    sys.exit(code)


if __name__ == "__main__":
    main()
