// Command run trains any scenario file (simulate/scenario/README.md; default: the
// paper's toy) and writes a run folder. See README.md.
package main
