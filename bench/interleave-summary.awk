# The summary of `bench interleave` (bench/interleave.sh), from its slices: one line per slice, tab-separated:
# pair number, jar (base or new), req/s, µs of JVM CPU per request, phase. Also runs by itself on a kept file:
#   awk -F'\t' -f bench/interleave-summary.awk bench/out/interleave.tsv
{ r[$2, ++n[$2]] = $3; c[$2, n[$2]] = $4; ph[n[$2]] = $5 }

function median(key, arr,   k, m, v, i, j, t) {
  m = n[key]; for (i = 1; i <= m; i++) v[i] = arr[key, i]
  for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
  return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
}

# The phases' pair medians and their geometric mean, over the pairs not left out (skip[i]); a phase left with no pair
# is left out too. Prints the phases' line unless quiet, and returns "req/s-ratio CPU-ratio phases-counted".
function phases_mean(quiet,   i, p, k, pr, pc, gr, gc, counted, line, key) {
  gr = 1; gc = 1; counted = 0; line = ""
  for (p = 1; p <= phases; p++) {
    key = "ph" p (quiet ? "x" : ""); n[key] = 0
    for (i = 1; i <= n["new"]; i++) if (ph[i] == p && !(quiet && skip[i])) { k = ++n[key]; r[key, k] = r["pair", i]; c[key, k] = c["pair", i] }
    if (n[key] == 0) continue
    pr = median(key, r); pc = median(key, c); gr *= pr; gc *= pc; counted++
    line = line sprintf("%sphase %d %.3fx (CPU %.3fx)", line == "" ? "" : ", ", p, pr, pc)
  }
  if (!quiet) printf "bench interleave: median of the pairs per phase: %s\n", line
  return counted ? sprintf("%.3f %.3f %d", gr ^ (1 / counted), gc ^ (1 / counted), counted) : ""
}

END {
  rb = median("base", r); rn = median("new", r); cb = median("base", c); cn = median("new", c)
  wins = 0; for (i = 1; i <= n["new"]; i++) if (r["new", i] + 0 > r["base", i] + 0) wins++
  printf "bench interleave: median of %d slices: baseline %.0f req/s %.1f us CPU/request, current %.0f req/s %.1f us CPU/request\n", n["base"], rb, cb, rn, cn
  printf "bench interleave: current/baseline %.3fx req/s, CPU per request %.3fx; current faster in %d of %d pairs\n", rn / rb, cn / cb, wins, n["new"]
  # Each pair by itself: the drift of the host over the run (often more than the change) cancels within a pair.
  for (i = 1; i <= n["new"]; i++) { r["pair", i] = r["new", i] / r["base", i]; c["pair", i] = c["new", i] / c["base", i] }
  n["pair"] = n["new"]
  printf "bench interleave: median of the ratios of the %d pairs: %.3fx req/s, CPU per request %.3fx\n", n["pair"], median("pair", r), median("pair", c)
  # A pair whose two slices both ran under half of their own jar's median was a stall of the host (seen on
  # 2026-12-02: 2,954 and 9,447 req/s against 31-36k in every other slice of the run), not of either jar: such a pair
  # still says nothing of the change, so it is named and the figure to read leaves it out.
  stalls = ""; nstalls = 0
  for (i = 1; i <= n["new"]; i++) if (r["new", i] < rn / 2 && r["base", i] < rb / 2) { skip[i] = 1; nstalls++; stalls = stalls (stalls == "" ? "" : ", ") i }
  phases = 0; for (i = 1; i <= n["new"]; i++) if (ph[i] > phases) phases = ph[i]
  if (phases > 1) {
    split(phases_mean(0), all, " ")
    printf "bench interleave: geometric mean of the phases: %.3fx req/s, CPU per request %.3fx%s\n", all[1], all[2], nstalls ? "" : " (read this one)"
  }
  if (nstalls) {
    printf "bench interleave: pair%s %s: both jars under half their median (a stall of the host, not of either jar)\n", (nstalls > 1 ? "s" : ""), stalls
    if (nstalls == n["new"]) {
      print "bench interleave: every pair stalled: nothing to read, run again"
    } else if (phases > 1) {
      split(phases_mean(1), kept, " ")
      printf "bench interleave: geometric mean of the phases without the stalled pairs (%d phases): %.3fx req/s, CPU per request %.3fx (read this one)\n", kept[3], kept[1], kept[2]
    } else {
      for (i = 1; i <= n["new"]; i++) if (!skip[i]) { k = ++n["kept"]; r["kept", k] = r["pair", i]; c["kept", k] = c["pair", i] }
      printf "bench interleave: median of the ratios without the stalled pairs: %.3fx req/s, CPU per request %.3fx (read this one)\n", median("kept", r), median("kept", c)
    }
  }
}
