// Package chunks runs work split into a fixed number of chunks on a bounded number of
// goroutines. Callers choose chunk boundaries that do not depend on the number of
// workers and combine per-chunk results in chunk order, so their results are
// bit-identical for any worker count (docs/design.md, conventions).
package chunks
