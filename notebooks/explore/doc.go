// Command explore writes a one-page report on a user's TPM: pair statistics, targets,
// SC-InfoNCE attainability and collapse, the level-2 optimum and a quick training.
// See README.md.
package main
