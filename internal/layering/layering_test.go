package layering

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// goList loads the module's packages with `go list -e -json` under the given build tags
// and returns the module path and the packages. Load errors fail the test: a package that
// does not load has an incomplete import list, so the graph could not be vouched for.
func goList(t *testing.T, tags string) (string, []Package) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	module := strings.TrimSpace(string(out))
	args := []string{"list", "-e", "-json"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	args = append(args, module+"/...")
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Package
			Error *struct{ Err string }
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list output: %v", err)
		}
		if p.Error != nil {
			t.Errorf("package %s does not load, its imports are unknown: %s", p.ImportPath, p.Error.Err)
		}
		pkgs = append(pkgs, p.Package)
	}
	return module, pkgs
}

// TestModuleLayering enforces docs/design.md's dependency direction on this module, for the
// default build and for every build tag that changes imports.
func TestModuleLayering(t *testing.T) {
	for _, tags := range []string{"", "openblas"} {
		t.Run("tags="+tags, func(t *testing.T) {
			module, pkgs := goList(t, tags)
			// Guard against a vacuous pass (empty or misparsed graph): the two layers that
			// exist from the start must be listed, feature importing markov.
			var sawEdge bool
			for _, p := range pkgs {
				if p.ImportPath == module+"/feature" {
					sawEdge = slices.Contains(p.Imports, module+"/markov")
				}
			}
			if !sawEdge {
				t.Fatalf("go list graph of %s (%d packages) lacks the edge feature → markov", module, len(pkgs))
			}
			for _, err := range Check(module, pkgs) {
				t.Error(err)
			}
		})
	}
}

// TestCheckRules runs Check on hand-made graphs: each bad case breaks one rule exactly
// once, so Check must report exactly that edge.
func TestCheckRules(t *testing.T) {
	const mod = "example.com/lab"
	pkg := func(path string, imports ...string) Package {
		p := Package{ImportPath: mod + "/" + path}
		for _, imp := range imports {
			if !strings.Contains(imp, ".") { // project-relative; "gonum.org/…" stays external
				imp = mod + "/" + imp
			}
			p.Imports = append(p.Imports, imp)
		}
		return p
	}
	withTest := func(p Package, imports ...string) Package {
		for _, imp := range imports {
			p.XTestImports = append(p.XTestImports, mod+"/"+imp)
		}
		return p
	}
	// good is a graph using every allowed kind of edge.
	good := []Package{
		pkg("markov", "gonum.org/v1/gonum/mat", "internal/blasimpl"),
		withTest(pkg("feature", "markov", "internal/blasimpl"), "feature", "proofs"),
		pkg("feature/optimum", "feature", "markov"),
		pkg("simulate", "simulate/loss", "feature", "markov"),
		pkg("simulate/loss", "feature"),
		withTest(pkg("proofs", "simulate", "feature/optimum"), "proofs"),
		withTest(pkg("figures", "figures/plots", "simulate"), "proofs"),
		pkg("figures/plots", "feature"),
		pkg("notebooks/claims", "proofs", "figures/plots", "simulate", "markov"),
		pkg("internal/blasimpl", "gonum.org/v1/netlib/blas/netlib"),
		pkg("internal/layering", "internal/blasimpl"),
		{ImportPath: "gonum.org/v1/gonum/mat", Imports: []string{mod + "/notebooks/claims"}}, // other modules are not checked
	}
	tests := []struct {
		reason  string
		bad     Package
		from    string
		to      string
		test    bool
		ruleHas string
	}{
		{reason: "upward: markov imports feature", bad: pkg("markov", "feature"), from: "markov", to: "feature", ruleHas: "lower layers"},
		{reason: "upward from a subpackage", bad: pkg("feature/optimum", "simulate/loss"), from: "feature/optimum", to: "simulate/loss", ruleHas: "lower layers"},
		{reason: "nothing imports notebooks", bad: pkg("figures", "notebooks/claims"), from: "figures", to: "notebooks/claims", ruleHas: "lower layers"},
		{reason: "proofs imports figures", bad: pkg("proofs", "figures/plots"), from: "proofs", to: "figures/plots", ruleHas: "each other"},
		{reason: "figures imports proofs", bad: pkg("figures", "proofs"), from: "figures", to: "proofs", ruleHas: "each other"},
		{reason: "simulate (non-test) imports proofs", bad: pkg("simulate", "proofs"), from: "simulate", to: "proofs", ruleHas: "only notebooks and tests"},
		{reason: "a test may import proofs but not a higher layer", bad: withTest(pkg("feature"), "simulate"), from: "feature", to: "simulate", test: true, ruleHas: "lower layers"},
		{reason: "internal imports a project layer", bad: pkg("internal/blasimpl", "markov"), from: "internal/blasimpl", to: "markov", ruleHas: "internal"},
		{reason: "a new top-level directory", bad: pkg("tools", "markov"), from: "tools", ruleHas: "not in any layer"},
		{reason: "importing a package in no layer", bad: pkg("simulate", "util"), from: "simulate", to: "util", ruleHas: "no layer"},
	}
	if errs := Check(mod, good); len(errs) != 0 {
		t.Fatalf("good graph: Check reported %v, want none", errs)
	}
	for _, tc := range tests {
		graph := append(slices.Clone(good), tc.bad)
		errs := Check(mod, graph)
		if len(errs) != 1 {
			t.Errorf("%s: Check reported %d violations %v, want exactly 1", tc.reason, len(errs), errs)
			continue
		}
		var v *Violation
		if !errors.As(errs[0], &v) {
			t.Errorf("%s: Check returned %T, want *Violation", tc.reason, errs[0])
			continue
		}
		if v.From != tc.from || v.To != tc.to || v.Test != tc.test || !strings.Contains(v.Rule, tc.ruleHas) {
			t.Errorf("%s: got %+v, want From %q To %q Test %v and a rule mentioning %q", tc.reason, *v, tc.from, tc.to, tc.test, tc.ruleHas)
		}
	}
}

// TestViolationError: the three forms of a violation's message, exactly: a package in
// no layer, an import by non-test files, an import by test files.
func TestViolationError(t *testing.T) {
	for _, tc := range []struct {
		v    Violation
		want string
	}{
		{Violation{From: "tools", Rule: "not in any layer"}, `layering: package "tools": not in any layer`},
		{Violation{From: "markov", To: "feature", Rule: "lower layers"}, `layering: "markov" imports "feature": lower layers`},
		{Violation{From: "feature", To: "simulate", Test: true, Rule: "lower layers"}, `layering: "feature" imports in its tests "simulate": lower layers`},
	} {
		if got := tc.v.Error(); got != tc.want {
			t.Errorf("%+v.Error() = %q, want %q", tc.v, got, tc.want)
		}
	}
}
