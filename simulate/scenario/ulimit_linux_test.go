package scenario

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// oversized are scenarios that once ended in "fatal error: out of memory" (or hours of
// work), with the field each refusal must name.
var oversized = []struct{ name, json, want string }{
	{"batch 1e8", `{"batch_size": 1e8}`, "batch_size: the run needs about"},
	{"widths 1e8", `{"model": {"widths": [8, 1e8, 16]}}`, "model.widths: the run needs about"},
	{"dim 1e9", `{"model": {"kind": "embedding", "dim": 1e9}}`, "model.dim: the run needs about"},
	{"replicates 1e9", `{"replicates": 1e9}`, "replicates: the run needs about"},
	// 8·(3·10⁴)² B = 6.7 GiB of cosines: within the machine's memory, over the
	// 4 GiB of ulimit -v, which the limit now reads.
	{"batch 3e4 under 4 GiB", `{"batch_size": 3e4, "model": {"kind": "embedding", "dim": 4}}`, "batch_size: the run needs about 6.72 GiB of memory, more than the limit 4 GiB (the machine's memory or ulimit -v); lower batch_size"},
}

// ulimitChild is set in the environment of the test binary re-executed under ulimit.
const ulimitChild = "SCENARIO_TEST_ULIMIT_CHILD"

// TestOversizedRefusedUnderUlimit: under `ulimit -v 4194304` (4 GiB of address space)
// each oversized scenario is refused by Parse and Config with an error naming the
// field and the estimate, and the process neither crashes nor runs out of memory.
// The test binary re-executes itself through sh with the limit set.
func TestOversizedRefusedUnderUlimit(t *testing.T) {
	if os.Getenv(ulimitChild) == "1" {
		var lim syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_AS, &lim); err != nil || lim.Cur != 4194304*1024 {
			t.Fatalf("child: RLIMIT_AS = %d (%v), want 4 GiB", lim.Cur, err)
		}
		for _, c := range oversized {
			s, err := Parse([]byte(c.json))
			if err == nil {
				_, err = s.Config(0)
			}
			fmt.Printf("%s => %v\n", c.name, err)
		}
		return
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to set ulimit -v")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sh, "-c", `ulimit -v 4194304 && exec "$0" -test.run='^TestOversizedRefusedUnderUlimit$' -test.count=1 -test.v`, exe)
	cmd.Env = append(os.Environ(), ulimitChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child under ulimit -v 4194304: %v\n%s", err, out)
	}
	for _, c := range oversized {
		prefix := c.name + " => scenario: " + c.want
		if !strings.Contains(string(out), prefix) {
			t.Errorf("%s: want a line starting %q in\n%s", c.name, prefix, out)
		}
	}
}
