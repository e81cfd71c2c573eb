"""Driver for bench/scale.sh: fills a repository with many small files through NDJSON commits, times one-file commits,
lists the whole tree, reads the validation jobs' times. Talks plain HTTP to `hub serve` (the protocol the official clients speak)."""
import base64, json, random, sqlite3, sys, time, urllib.request

base, token, command = sys.argv[1], sys.argv[2], sys.argv[3]


def post(path, body, content_type):
    request = urllib.request.Request(base + path, data=body, method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    return time.perf_counter() - start


def commit(repo, title, files):
    lines = [json.dumps({"key": "header", "value": {"summary": title}})]
    for path, text in files:
        lines.append(json.dumps({"key": "file", "value": {"path": path, "encoding": "base64",
                                                           "content": base64.b64encode(text.encode()).decode()}}))
    return post(f"/api/models/{repo}/commit/main", "\n".join(lines).encode(), "application/x-ndjson")


def db_bytes(db):
    # Checkpoint the write-ahead log into the database file, so its size is what the commits wrote.
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages, size = connection.execute("PRAGMA page_count").fetchone()[0], connection.execute("PRAGMA page_size").fetchone()[0]
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
    return (pages - free) * size


if command == "fill":
    repo, files, per_commit = sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
    for start in range(0, files, per_commit):
        folder = start // per_commit
        names = [(f"data/part{folder:03d}/f{i:06d}.txt" if files > 3 else f"f{i}.txt", f"file {i}") for i in range(start, min(files, start + per_commit))]
        took = commit(repo, f"add part {folder}", names)
        print(f"  committed files {start}..{min(files, start + per_commit) - 1} in {took:.1f} s", file=sys.stderr)
elif command == "one-file-commits":
    repo, files, per_commit, count, db = sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), sys.argv[8]
    rng = random.Random(7)
    before = db_bytes(db)
    times = []
    for n in range(count):
        i = rng.randrange(files)
        path = f"data/part{i // per_commit:03d}/f{i:06d}.txt" if files > 3 else f"f{i}.txt"
        times.append(commit(repo, f"change {n}", [(path, f"changed {n}")]))
    growth = (db_bytes(db) - before) / count
    print(json.dumps({"first": times[0], "hundredth": times[min(99, count - 1)], "last": times[-1],
                      "median": sorted(times)[len(times) // 2], "growth": growth}))
elif command == "put":
    repo, path, text = sys.argv[4], sys.argv[5], sys.argv[6]
    commit(repo, f"put {path}", [(path, text)])
elif command == "validation-jobs":
    # How long each model-validation job of a repository took from its commit to its result, and what its last one did.
    db, repo, last = sys.argv[4], sys.argv[5], int(sys.argv[6])
    def when(stored):
        # EF Core's DateTimeOffsetToBinaryConverter: UTC ticks / 1000 above 11 bits of offset; in seconds.
        return (stored >> 11) * 1000 / 1e7
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT j.CreatedAt, j.FinishedAt, j.Result FROM jobs j JOIN repositories r ON r.Id = j.RepositoryId "
            "WHERE j.Kind = 'model-validation' AND j.Status = 'done' AND r.Namespace || '/' || r.Name = ? ORDER BY j.Id DESC LIMIT ?",
            (repo, last)).fetchall()
    times = sorted(when(f) - when(c) for c, f, _ in rows)
    print(json.dumps({"jobs": len(rows), "median": times[len(times) // 2] if times else None, "last": rows[0][2] if rows else None}))
elif command == "list":
    repo = sys.argv[4]
    url, entries, start = f"{base}/api/models/{repo}/tree/main?recursive=true", 0, time.perf_counter()
    while url:
        request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request, timeout=600) as response:
            entries += len(json.load(response))
            link = response.headers.get("Link")
        url = link.split("<")[1].split(">")[0] if link else None
    print(json.dumps({"entries": entries, "seconds": time.perf_counter() - start}))
