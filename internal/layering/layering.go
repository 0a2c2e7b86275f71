package layering

import (
	"fmt"
	"strings"
)

// Package is one package of the import graph, with the fields of the same names that
// `go list -json` prints.
type Package struct {
	ImportPath   string
	Imports      []string // imports of the non-test files
	TestImports  []string // imports of in-package _test.go files
	XTestImports []string // imports of external (package x_test) test files
}

// Violation is an import edge, or a package, that breaks the layering of docs/design.md.
type Violation struct {
	From, To string // package paths relative to the module; To is empty for a package in no layer
	Test     bool   // the import is made by test files
	Rule     string // the rule broken
}

func (v *Violation) Error() string {
	if v.To == "" {
		return fmt.Sprintf("layering: package %q: %s", v.From, v.Rule)
	}
	kind := "imports"
	if v.Test {
		kind = "imports in its tests"
	}
	return fmt.Sprintf("layering: %q %s %q: %s", v.From, kind, v.To, v.Rule)
}

// rank is each layer's height in markov ← feature ← simulate ← {proofs, figures} ← notebooks.
var rank = map[string]int{
	"markov":    0,
	"feature":   1,
	"simulate":  2,
	"proofs":    3,
	"figures":   3,
	"notebooks": 4,
}

const internal = "internal"

// Order is the dependency direction, for messages.
const Order = "markov ← feature ← simulate ← {proofs, figures} ← notebooks"

// layerOf returns the layer of a module-relative package path: its first element, if that
// names a layer or internal, else "".
func layerOf(rel string) string {
	top, _, _ := strings.Cut(rel, "/")
	if _, ok := rank[top]; ok || top == internal {
		return top
	}
	return ""
}

// Check returns every violation of the layering rules (package doc) in pkgs, whose
// import paths belong to module (packages of other modules are ignored). The order of
// the result follows pkgs and their import lists.
func Check(module string, pkgs []Package) []error {
	rel := func(path string) (string, bool) {
		if path == module {
			return "", true
		}
		r, ok := strings.CutPrefix(path, module+"/")
		return r, ok
	}
	var errs []error
	for _, p := range pkgs {
		from, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		if layerOf(from) == "" {
			name := from
			if name == "" {
				name = "."
			}
			errs = append(errs, &Violation{From: name, Rule: "not in any layer of docs/design.md (top level: markov, feature, simulate, proofs, figures, notebooks, internal)"})
			continue
		}
		edges := func(imports []string, test bool) {
			for _, imp := range imports {
				to, ok := rel(imp)
				if !ok {
					continue
				}
				if rule := edgeRule(from, to, test); rule != "" {
					errs = append(errs, &Violation{From: from, To: to, Test: test, Rule: rule})
				}
			}
		}
		edges(p.Imports, false)
		edges(p.TestImports, true)
		edges(p.XTestImports, true)
	}
	return errs
}

// edgeRule returns the rule the import from → to breaks, or "" if it is allowed. Both
// are module-relative paths and from is in a layer.
func edgeRule(from, to string, test bool) string {
	lf, lt := layerOf(from), layerOf(to)
	switch {
	case lt == "":
		return "imported package is in no layer of docs/design.md"
	case lt == internal:
		return ""
	case lf == internal:
		return "internal/* imports no project layer"
	case lf == lt:
		return ""
	case lt == "proofs" && test:
		return ""
	case lf == "proofs" && lt == "figures", lf == "figures" && lt == "proofs":
		return "proofs and figures do not import each other"
	case lt == "proofs" && lf != "notebooks":
		return "only notebooks and tests import proofs"
	case rank[lt] < rank[lf]:
		return ""
	default:
		return fmt.Sprintf("a package imports only lower layers (%s)", Order)
	}
}
