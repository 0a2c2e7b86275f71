// Command claims runs the claim ledger of docs/theory.md §8: every claim checked by the
// routes it allows (closed form, gopter properties over generated TPMs, exact
// enumeration, Monte Carlo, training, constrained optimum, finite differences), one line
// per claim, and the ledger as a markdown table in its output folder. See README.md.
package main
