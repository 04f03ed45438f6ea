"""`make bench`: every benchmark in bench/ (prints tables; writes docs/performance.md with --write-doc)."""

from bench import bench_refresh

if __name__ == "__main__":
    bench_refresh.main()
