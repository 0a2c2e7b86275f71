// Package a cites docs/theory.md §2 (fine) and docs/theory.md §4 (dangling),
// and design.md bare.
package a
