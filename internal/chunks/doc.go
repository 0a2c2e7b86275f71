// Package chunks is the one parallel-for of the project: For runs work split into a
// fixed number of chunks on a bounded number of goroutines, which end when the work
// does (no pool, no process-wide setting). Callers choose chunk boundaries that do not
// depend on the number of workers and combine per-chunk results in chunk order, so
// their results are bit-identical for any worker count (docs/design.md, conventions).
// Runner is For with caller-owned state, for hot loops that must not allocate; Workers
// maps a Workers field's zero value to GOMAXPROCS.
package chunks
