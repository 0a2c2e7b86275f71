package runio

import (
	"fmt"
	"slices"
)

// RefreshCommand returns the arguments of the one command in readme (ReadmeCommands,
// starting with prefix) that writes the committed results folder results ("-out
// results"), without -out and -force: the committed settings, so that a test can run
// them into a folder of its own and compare the files with the committed ones.
func RefreshCommand(readme, prefix, results string) ([]string, error) {
	cmds, err := ReadmeCommands(readme, prefix)
	if err != nil {
		return nil, err
	}
	var found [][]string
	for _, args := range cmds {
		if k := slices.Index(args, "-out"); k >= 0 && k+1 < len(args) && args[k+1] == results {
			rest := slices.Concat(args[:k], args[k+2:])
			found = append(found, slices.DeleteFunc(rest, func(a string) bool { return a == "-force" }))
		}
	}
	if len(found) != 1 {
		return nil, fmt.Errorf("runio: %s: %d commands %q… write %s, want exactly one", readme, len(found), prefix, results)
	}
	return found[0], nil
}
