package loss

import (
	"fmt"
	"strings"
)

// Loss names accepted by New (each loss's Name).
const (
	InfoNCE            = "infonce"
	NTXent             = "ntxent"
	DCL                = "dcl"
	SCInfoNCE          = "scinfonce"
	SCInfoNCEDecoupled = "scinfonce-decoupled"
	DHEL               = "dhel"
	Spectral           = "spectral"
)

// registry is the table of New: every loss's name and its constructor from checked
// parameters and a worker count, in the order of Names. Adding a loss is one file
// (its type and the methods of Loss) and one line here (doc.go, "Adding a loss").
var registry = []struct {
	name string
	make func(p Params, workers int) Loss
}{
	{InfoNCE, func(p Params, w int) Loss { return &InfoNCELoss{Tau: p.Tau, Workers: w} }},
	{NTXent, func(p Params, w int) Loss { return &NTXentLoss{Tau: p.Tau, Workers: w} }},
	{DCL, func(p Params, w int) Loss { return &DCLLoss{Tau: p.Tau, Workers: w} }},
	{SCInfoNCE, func(p Params, w int) Loss {
		return &SCInfoNCELoss{Tau: p.Tau, Alpha: p.Alpha, Beta: p.Beta, Workers: w}
	}},
	{SCInfoNCEDecoupled, func(p Params, w int) Loss {
		return &SCInfoNCEDecoupledLoss{Tau: p.Tau, Alpha: p.Alpha, Beta: p.Beta, Workers: w}
	}},
	{DHEL, func(p Params, w int) Loss { return &DHELLoss{Tau: p.Tau, Workers: w} }},
	{Spectral, func(p Params, _ int) Loss { return &SpectralLoss{Tau: p.Tau} }},
	// The reference code's losses 0–7 (reference_registry.go, docs/theory.md §7).
	{RefNTXentName, func(p Params, w int) Loss { return &RefNTXent{Tau: p.Tau, Workers: w} }},
	{RefSCInfoNCEName, func(p Params, w int) Loss {
		return &RefSCInfoNCE{Tau: p.Tau, Alpha: p.Alpha, Beta: p.Beta, Workers: w}
	}},
	{RefISInfoNCEName, func(p Params, w int) Loss { return &RefISInfoNCE{Tau: p.Tau, Workers: w} }},
	{RefDCLName, func(p Params, w int) Loss { return &RefDCL{Tau: p.Tau, Workers: w} }},
	{RefDHELName, func(p Params, w int) Loss { return &RefDHEL{Tau: p.Tau, Workers: w} }},
	{RefGaussianKCLName, func(p Params, w int) Loss { return &RefGaussianKCL{T: p.Tau, Workers: w} }},
	{RefLinearName, func(_ Params, w int) Loss { return &RefLinear{Workers: w} }},
	{RefFMICLName, func(_ Params, w int) Loss { return NewRefFMICL(w) }},
}

// Names returns the loss names accepted by New, in a fixed order (a fresh slice).
func Names() []string {
	names := make([]string, len(registry))
	for i, e := range registry {
		names[i] = e.name
	}
	return names
}

// New returns the named loss with parameters p and the default worker count (every
// processor). It returns an error for an unknown name (listing the valid ones) or
// invalid parameters (see Params.Check). Every loss except dhel also implements
// LogitLoss.
func New(name string, p Params) (Loss, error) { return NewWithWorkers(name, p, 0) }

// NewWithWorkers is New for a loss whose Eval shares its work among up to workers
// goroutines (≤ 0: runtime.GOMAXPROCS(0) at each call). Results do not depend on it.
func NewWithWorkers(name string, p Params, workers int) (Loss, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	return Lookup(name, p, workers)
}

// Lookup is NewWithWorkers without the check of p, for questions that do not involve
// every parameter (a mean-field target does not depend on τ). It returns an error only
// for an unknown name.
func Lookup(name string, p Params, workers int) (Loss, error) {
	for _, e := range registry {
		if e.name == name {
			return e.make(p, workers), nil
		}
	}
	return nil, fmt.Errorf("loss: unknown loss name %q: valid names are %s", name, strings.Join(Names(), ", "))
}

// DecoupledNormalisation reports the named loss's Decoupled: in which normalisation its
// positive-pair probability (docs/theory.md §6) reaches its mean-field target. Unknown
// names give an error.
func DecoupledNormalisation(name string) (bool, error) {
	l, err := Lookup(name, Params{}, 0)
	if err != nil {
		return false, err
	}
	return l.Decoupled(), nil
}
