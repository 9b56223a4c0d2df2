#!/usr/bin/env python3
"""make bench: turn build/logs-bench/bench.txt into one table per platform,
ratios first, and a summary; write the same figures as JSON.

    scripts/bench-report.py BENCH_TXT JSON_OUT

Each line of bench.txt is "key=value" words plus at most one bare word
naming the benchmark (mixed, mixed-parts, mixed-dma, mem, ioasid, ioasid-base, ioasid-fill,
ioasid-base-fill, p2pdma, vfio), as
scripts/bench.sh writes them.  Lines of one kind repeated over rounds are
reduced to min/median/max; a ratio whose two ranges of runs overlap says
so, and the summary marks a DMA API ratio above the 1.02 target, telling
whether it lies within the runs' spread.  Nothing is asserted: a
benchmark reports.
"""
import json
import statistics
import sys


def parse(path):
    recs = []
    with open(path) as f:
        for line in f:
            rec = {}
            for word in (" FAILED ", " note "):
                if word in line:
                    head, what = line.split(word, 1)
                    line = head + word.rstrip()
                    rec["what"] = what.strip()
                    break
            for word in line.split():
                if "=" in word:
                    k, v = word.split("=", 1)
                    try:
                        rec[k] = int(v)
                    except ValueError:
                        try:
                            rec[k] = float(v)
                        except ValueError:
                            rec[k] = v
                else:
                    rec["kind"] = word
            if "platform" in rec:
                recs.append(rec)
    return recs


def spread(values):
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values),
            "max": max(values), "n": len(values)}


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def fmt(x):
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.3f}" if x < 100 else f"{x:.0f}"
    return str(x)


def kind(r):
    if "kind" in r:
        return r["kind"]
    nd = "-nodebug" if r.get("config") == "nodebug" else ""
    if "replace_ns" in r:
        return "replace" + nd
    if "detach_attach_ns" in r and r.get("kernel") == "base":
        return "replace-base" + nd
    if "swap" in r:
        return "swap"
    return "other"


def platform_report(recs):
    """Rows (what, series, other, ratio, note) and the JSON of one platform."""
    rows, out = [], {}
    by = {}
    for r in recs:
        by.setdefault(kind(r), []).append(r)

    # The test kernels, then kernels without their debugging options
    for var, label in (("", ""), ("-nodebug", ", no debugging")):
        rbase = (by.get("replace-base" + var) or [{}])[-1]
        key = var.replace("-", "_")
        for r in by.get("replace" + var, []):
            out["replace" + key] = {k: r[k] for k in r
                                    if k.endswith("_ns") or k == "swaps"}
            out["replace_base" + key] = {k: rbase[k] for k in rbase
                                         if k.endswith("_ns") or k == "swaps"}
            for stat, suffix in (("mean", "_ns"), ("median", "_median_ns")):
                a = r.get("replace" + suffix)
                b = rbase.get("detach_attach" + suffix)
                if a is None:
                    continue
                rows.append((f"replace vs detach+attach on 6.1{label} (ns, {stat})",
                             a, b, ratio(a, b),
                             f"{r['swaps']} vs {rbase.get('swaps')} swaps"))
            if r.get("detach_attach_ns") is not None:
                rows.append((f"detach+attach on the series{label} (ns, mean)",
                             r["detach_attach_ns"], rbase.get("detach_attach_ns"),
                             ratio(r["detach_attach_ns"], rbase.get("detach_attach_ns")),
                             "two replaces on the series"))
    cmds = {(r.get("kernel"), r.get("mode")): r for r in by.get("cmds", [])}
    if cmds:
        out["commands"] = {f"{k}_{m}": {"per_swap": r.get("per_swap"),
                                        "seq": r.get("seq")}
                           for (k, m), r in cmds.items()}
        rep = cmds.get(("series", "replace"), {})
        b = cmds.get(("base", "detach_attach"), {})
        rows.append(("commands the driver submits per swap (read back)",
                     rep.get("per_swap"), b.get("per_swap"),
                     ratio(rep.get("per_swap"), b.get("per_swap")),
                     f"replace {rep.get('seq')} vs 6.1 {b.get('seq')}"))
    for r in by.get("trace", []):
        out["qemu_trace"] = {k: r[k] for k in r if k.startswith("cmds_per_")}
        rows.append((f"commands QEMU executes per swap ({r['event']})",
                     r.get("cmds_per_replace"), r.get("cmds_per_base"),
                     ratio(r.get("cmds_per_replace"), r.get("cmds_per_base")),
                     "replace vs 6.1 detach+attach"))
    swaps = {r["swap"]: r for r in by.get("swap", [])}
    if swaps:
        out["swap_dma"] = swaps
        rep, da = swaps.get("replace", {}), swaps.get("detach_attach", {})
        for r in swaps.values():
            if r.get("swaps"):
                r["faults_per_200_swaps"] = round(200 * r["faults"] / r["swaps"], 2)
            if r.get("dma"):
                r["lost_or_torn_pct"] = round(100 * (r["lost"] + r["torn"]) /
                                              r["dma"], 1)
        rows.append(("DMA during swaps: faults per 200 swaps (rate)",
                     rep.get("faults_per_200_swaps"),
                     da.get("faults_per_200_swaps"), None,
                     f"{rep.get('faults')} in {rep.get('swaps')} swaps vs "
                     f"{da.get('faults')} in {da.get('swaps')}; "
                     f"transfers lost {rep.get('lost')} vs {da.get('lost')}, "
                     f"torn {rep.get('torn')} vs {da.get('torn')}, "
                     f"{rep.get('dma')} vs {da.get('dma')} transfers"))
        # QEMU 7.2's AMD-Vi reports no fault: the bytes are the evidence
        rows.append(("DMA during swaps: transfers lost or torn (%)",
                     rep.get("lost_or_torn_pct"), da.get("lost_or_torn_pct"),
                     None, "replace vs detach+attach"))
    for r in by.get("mixed", []):
        cfg = r.get("config", "debug")
        out.setdefault("mixed", []).append(r)
        rows.append((f"map_mixed+unmap_mixed vs iommu_map+unmap+alloc_iova+__free_iova, "
                     f"{r['live']} live, {cfg} kernel (ns)",
                     r["map_unmap_mixed_ns"], r["iova_map_unmap_ns"],
                     ratio(r["map_unmap_mixed_ns"], r["iova_map_unmap_ns"]), ""))
        # The baseline freeing by pfn (free_iova(): a lookup, as the
        # issue's baseline and a mixed unmap, which has only the address)
        if "iova_map_unmap_by_pfn_ns" in r:
            rows.append((f"map_mixed+unmap_mixed vs iommu_map+unmap+alloc_iova"
                         f"+free_iova by pfn, {r['live']} live, {cfg} kernel (ns)",
                         r["map_unmap_mixed_ns"], r["iova_map_unmap_by_pfn_ns"],
                         ratio(r["map_unmap_mixed_ns"],
                               r["iova_map_unmap_by_pfn_ns"]), ""))
    # Where a fixed map + unmap spends its time: each part alone (no ratio)
    for r in by.get("mixed-parts", []):
        cfg = r.get("config", "debug")
        out.setdefault("mixed_parts", []).append(r)
        rows.append((f"  parts, {r['live']} live, {cfg}: exact IOVA "
                     f"reserve+find+free vs alloc_iova+free (ns)",
                     r["exact_iova_ns"], r["alloc_free_iova_ns"],
                     ratio(r["exact_iova_ns"], r["alloc_free_iova_ns"]), ""))
        rows.append((f"  parts, {r['live']} live, {cfg}: iommu_map+unmap; "
                     f"two mutex lock+unlock (ns)", r["map_unmap_ns"],
                     r["mutex_pairs_ns"], None, "each alone"))
    for r in by.get("mixed-dma", []):
        cfg = r.get("config", "debug")
        out.setdefault("mixed_dma", []).append(r)
        dom = "strict" if r.get("strict") == 1 else "lazy"
        rows.append((f"DMA-API map+unmap per s, {r['cpus']} CPUs, {cfg}, "
                     f"wall clock: mixed (strict) vs DMA domain ({dom})",
                     r["mixed_ops_per_s"], r["dma_ops_per_s"],
                     ratio(r["mixed_ops_per_s"], r["dma_ops_per_s"]), ""))
    mem = {(r.get("kernel"), r.get("cpus")): r for r in by.get("mem", [])}
    if mem:
        out["mem"] = {f"{k}_{c}": r for (k, c), r in mem.items()}
        for (k, c), r in sorted(mem.items(), key=lambda x: (x[0][1], x[0][0])):
            if k != "series":
                continue
            b = mem.get(("base", c), {})
            rows.append((f"slab bytes of a container's domain, {c} CPUs, vs 6.1",
                         r.get("domain_slab"), b.get("domain_slab"),
                         ratio(r.get("domain_slab"), b.get("domain_slab")),
                         f"left after close {r.get('left_slab')} vs "
                         f"{b.get('left_slab')}"))
            if "window_slab" in r:
                rows.append((f"slab bytes a placed MSI window adds, {c} CPUs",
                             r["window_slab"], None, None,
                             f"percpu {r.get('window_percpu')}"))
    base = {r["live"]: r for r in by.get("ioasid-base", [])}
    for r in by.get("ioasid", []):
        b = base.get(r["live"], {})
        out.setdefault("ioasid", []).append({"series": r, "base": b})
        for op in ("alloc_free_ns", "find_ns"):
            rows.append((f"ioasid {op[:-3]}, {r['live']} live (ns) vs 6.1",
                         r[op], b.get(op), ratio(r[op], b.get(op)), ""))
        if "alloc_free_notifier_ns" in r:
            rows.append((f"ioasid alloc_free with a notifier, {r['live']} live "
                         f"(ns) vs without", r["alloc_free_notifier_ns"],
                         r["alloc_free_ns"],
                         ratio(r["alloc_free_notifier_ns"], r["alloc_free_ns"]),
                         ""))
    fill_base = (by.get("ioasid-base-fill") or [{}])[0]
    for r in by.get("ioasid-fill", []):
        out.setdefault("ioasid-fill", []).append({"series": r,
                                                  "base": fill_base})
        for op in ("first_ns", "last_ns"):
            rows.append((f"ioasid alloc per ID, {op[:-3]} 4096 of {r['ids']} "
                         f"(ns) vs 6.1", r[op], fill_base.get(op),
                         ratio(r[op], fill_base.get(op)), ""))
    p2p = by.get("p2pdma", [])
    for dd in ("off", "on"):
        pts = {r["p2p_pct"]: r for r in p2p if r.get("dma_debug") == dd}
        if not pts:
            continue
        out.setdefault("p2pdma", {})["dma_debug_" + dd] = pts
        zero = pts.get(0, {}).get("ns_per_seg")
        for pct in sorted(pts):
            rows.append((f"map_sg+unmap_sg ns/segment, {pct}% P2P, "
                         f"dma_debug={dd} vs 0%", pts[pct]["ns_per_seg"], zero,
                         ratio(pts[pct]["ns_per_seg"], zero), ""))
    # Series against the unpatched base, runs interleaved: (kind, field,
    # what) with the median over the runs, and the spread in the note
    versus = [("dma_map", "map_ns", "dma_map_page ns"),
              ("dma_map", "unmap_ns", "dma_unmap_page ns"),
              ("dma_map_benchmark", "map_us", "dma_map_benchmark map us"),
              ("dma_map_benchmark", "unmap_us", "dma_map_benchmark unmap us"),
              ("vfio", "map_unmap_median_ns", "VFIO MAP_DMA+UNMAP_DMA ns")]
    def variant(r):
        return (r.get("size", 0), r.get("buf", ""))

    # The same -icount rounds on kernels without the test kernels'
    # debugging are config=nodebug, reported as the clock "icount-nodebug"
    def clock_of(r):
        if r.get("config", "debug") == "debug":
            return r["clock"]
        return f"{r['clock']}-{r['config']}"

    for k, field, what in versus:
        recs_k = by.get(k, [])
        for clock in ("icount", "wall", "icount-nodebug"):
            for var in sorted({variant(r) for r in recs_k
                               if clock_of(r) == clock}):
                sel = {kern: [r for r in recs_k
                              if (clock_of(r), variant(r), r["kernel"])
                              == (clock, var, kern)]
                       for kern in ("series", "base")}
                s = spread([r[field] for r in sel["series"]])
                b = spread([r[field] for r in sel["base"]])
                if not s or not b:
                    continue
                size, buf = var
                key = f"{size}-{buf}" if buf else size
                out.setdefault(k, {}).setdefault(field, {}).setdefault(
                    clock, {})[key] = {"series": s, "base": b}
                label = f" {size // 1024} KiB" if size else ""
                if buf:
                    label += f" {buf}"
                note, q = "", ratio(s["median"], b["median"])
                if k == "vfio":
                    ps, pb = (sorted({r["phys_runs"] for r in sel[kern]
                                      if "phys_runs" in r})
                              for kern in ("series", "base"))
                    if ps and pb:
                        note = (f"; physical runs {ps[0]}..{ps[-1]}, "
                                f"6.1 {pb[0]}..{pb[-1]}")
                    # type1 maps each physical run with one iommu_map():
                    # buffers laid out differently are not comparable
                    if ps != pb:
                        q = None
                        note += " (layouts differ: no ratio)"
                if s["min"] <= b["max"] and b["min"] <= s["max"]:
                    note += "; ranges overlap"
                if field.endswith("_us") and 0 < abs(s["median"] - b["median"]) < 0.11:
                    note += "; one 0.1 us step"
                rows.append((f"{what}{label}, {clock}, vs 6.1",
                             s["median"], b["median"], q,
                             f"series {fmt(s['min'])}..{fmt(s['max'])}, "
                             f"6.1 {fmt(b['min'])}..{fmt(b['max'])}, "
                             f"{s['n']}+{b['n']} runs{note}"))
    for r in by.get("FAILED", []):
        rows.append(("FAILED", None, None, None, r.get("what", "")))
    notes = sorted({r.get("what", "") for r in by.get("note", [])})
    for what in notes:
        rows.append(("note", None, None, None, what))
    return rows, out


def main():
    recs = parse(sys.argv[1])
    platforms = []
    for r in recs:
        if r["platform"] not in platforms:
            platforms.append(r["platform"])
    report, summary = {}, []
    for p in platforms:
        rows, out = platform_report([r for r in recs if r["platform"] == p])
        report[p] = out
        print(f"\n{p}")
        w = max([len(r[0]) for r in rows] + [10])
        print(f"  {'ratio':>7}  {'what':<{w}}  {'series':>10}  {'other':>10}  note")
        for what, a, b, q, note in rows:
            print(f"  {fmt(q):>7}  {what:<{w}}  {fmt(a):>10}  {fmt(b):>10}  {note}")
            if q is not None:
                summary.append((p, what, q, note))
    print("\nsummary (ratio = series / other; below 1 is faster; the DMA API "
          "hot path's target is at most 1.02)")
    for p, what, q, note in summary:
        mark = ""
        if what.startswith("dma_") and q > 1.02:
            if "ranges overlap" in note:
                mark = "  (above 1.02, within the runs' spread)"
            elif "one 0.1 us step" in note:
                mark = "  (above 1.02 by the tool's one 0.1 us step)"
            else:
                mark = "  <- above 1.02"
        print(f"  {p:<7} {q:>7.3f}  {what}{mark}")
    with open(sys.argv[2], "w") as f:
        json.dump(report, f, indent=1, sort_keys=True, default=str)
    print(f"\nJSON: {sys.argv[2]}")


if __name__ == "__main__":
    main()
