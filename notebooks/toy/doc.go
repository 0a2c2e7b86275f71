// Command toy runs the paper's synthetic experiment (docs/theory.md §7) on the lab's
// explicit feature space and compares what the trained encoder learns with the
// free-logit targets T1 and T2 and the level-2 optimum. See README.md.
package main
