// Package layering states the dependency direction of docs/design.md as a checkable rule and
// its test enforces it on the module's real import graph (go list).
//
// Layers, lowest first (a subpackage belongs to its top-level directory's layer, so
// simulate/loss is layer simulate and feature/optimum is layer feature):
//
//	markov (0) ← feature (1) ← simulate (2) ← {proofs, figures} (3) ← notebooks (4)
//
// plus internal/*, which sits outside the ladder. The rules, for an import edge P → Q
// between packages of this module (imports of other modules are not constrained):
//
//   - Q in internal/*: allowed from anywhere.
//   - P in internal/*, Q not: forbidden (internal imports no project layer).
//   - same layer (e.g. simulate → simulate/loss): allowed.
//   - Q in proofs: allowed from notebooks and from any test (test files, in-package or
//     external), forbidden from everything else.
//   - proofs → figures, figures → proofs: forbidden (the two layer-3 packages are
//     independent; a figures test may still import proofs by the rule above).
//   - otherwise: allowed iff Q's layer is strictly lower than P's.
//
// Test imports obey the same rules as the package's own imports, except for the proofs
// exemption. A package outside every layer (a new top-level directory, or the module
// root) is itself a violation: docs/design.md fixes the top level. Checking direct imports
// suffices: when every edge points down, every path does.
package layering
