"""Baseline for `Sway.Bench engine`: igraph's weighted PageRank on the engine's aggregated reaction graph.

Usage: /usr/bin/python3 igraph_pagerank.py EDGES ACCOUNTS REPETITIONS OUT
EDGES holds one edge per line, "reactor target credit" (dense account numbers). Only g.pagerank(...) is timed, after
one untimed warm-up call; the times go to stdout as JSON, and the last PageRank vector to OUT, one value per line.
"""
import json
import sys
import time

import igraph


def main():
    edges_path, accounts, repetitions, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    edges, weights = [], []
    with open(edges_path) as f:
        for line in f:
            source, target, weight = line.split()
            edges.append((int(source), int(target)))
            weights.append(float(weight))
    g = igraph.Graph(n=accounts, edges=edges, directed=True)
    g.es["weight"] = weights

    ranks = g.pagerank(weights="weight", damping=0.85)
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        ranks = g.pagerank(weights="weight", damping=0.85)
        times.append(time.perf_counter() - start)

    with open(out_path, "w") as f:
        f.write("\n".join(repr(r) for r in ranks))
    times.sort()
    print(json.dumps({
        "igraph": igraph.__version__,
        "vertices": g.vcount(),
        "edges": g.ecount(),
        "times": times,
        "median": times[len(times) // 2],
    }))


if __name__ == "__main__":
    main()
