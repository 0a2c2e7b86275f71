package runio

import (
	"os/exec"
	"testing"
)

// Every notebook's output folders (out, out-quick, out-*), figures' and the sweeps'
// are ignored by git, so that no run is committed by accident. Paths are
// relative to this package, two levels below the module root.
func TestOutputFoldersIgnored(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	if err := exec.Command("git", "-C", "../../..", "rev-parse", "--git-dir").Run(); err != nil {
		t.Skip("not a git work tree")
	}
	var paths []string
	for _, nb := range []string{"run", "toy", "explore", "claims", "sweep", "mnist", "graph"} {
		for _, out := range []string{"out", "out-quick", "out-2"} {
			paths = append(paths, "notebooks/"+nb+"/"+out+"/x/manifest.json")
		}
	}
	paths = append(paths, "figures/out/index.md", "figures/out-quick/index.md",
		"notebooks/sweep/out/default/results.csv", "notebooks/toy/results/metrics.csv", "notebooks/toy/results/manifest.json")
	for _, p := range paths {
		if err := exec.Command("git", "-C", "../../..", "check-ignore", "-q", "--no-index", p).Run(); err != nil {
			t.Errorf("%s is not ignored by git (%v)", p, err)
		}
	}
}
