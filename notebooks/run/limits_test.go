package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// Oversized scenarios are refused before anything is allocated: the real command, run
// under `ulimit -v 4194304` (4 GiB of address space), exits with status 1 and an
// error naming the scenario field and the estimate, and creates no folder. Without
// the check each of them ends in "fatal error: out of memory" or hours of work.
func TestOversizedRefusedUnderUlimit(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	self := runfoldertest.Self(t)
	for _, c := range []struct{ scenario, field string }{
		{`{"batch_size": 100000000}`, "batch_size"},
		{`{"model": {"kind": "mlp", "widths": [8, 100000000, 16]}}`, "model.widths"},
		{`{"model": {"kind": "embedding", "dim": 1000000000}}`, "model.dim"},
		{`{"replicates": 1000000000}`, "replicates"},
	} {
		dir := t.TempDir()
		out := filepath.Join(dir, "out")
		cmd := exec.Command("sh", "-c", `ulimit -v 4194304; exec "$0" "$@"`, self, "-scenario", writeScenario(t, c.scenario), "-out", out)
		cmd.Env = append(os.Environ(), runfoldertest.ChildEnv+"=1")
		text, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("%s: exit %v, want status 1; output:\n%s", c.scenario, err, text)
		}
		if !strings.Contains(string(text), "scenario field "+c.field+":") || !strings.Contains(string(text), "needs about") {
			t.Errorf("%s: output %q does not name %s and the estimate", c.scenario, text, c.field)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: the refused run created its folder", c.scenario)
		}
	}
}
