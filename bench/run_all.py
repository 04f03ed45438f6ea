"""`make bench`: every benchmark in bench/, each printing its table.

- bench_refresh: refresh against its floor, pandas and SQLite doing the same work (paired ratios);
- bench_revisions: v1 (00bbfdb) against the working tree — series, refresh, pages — interleaved;
- bench_import: a 1,000,000-row measurements file: preview, import, re-import, 1 % bad cells.
"""

import sys

from bench import bench_import, bench_refresh, bench_revisions

if __name__ == "__main__":
    sys.argv = [sys.argv[0]]  # each benchmark at its defaults
    bench_refresh.main()
    print()
    bench_revisions.main([])
    print()
    bench_import.main([])
