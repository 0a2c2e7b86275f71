package loss

import (
	"fmt"
	"strings"
)

// Names of the reference losses (reference_*.go).
const (
	RefNTXentName      = "ref-infonce"
	RefSCInfoNCEName   = "ref-scinfonce"
	RefISInfoNCEName   = "ref-isinfonce"
	RefDCLName         = "ref-dcl"
	RefDHELName        = "ref-dhel"
	RefGaussianKCLName = "ref-gkcl"
	RefLinearName      = "ref-linear"
	RefFMICLName       = "ref-fmicl-js"
)

// ReferenceLoss is one entry of the reference code's loss table: its number
// (--loss-type), its name and a constructor from Params (τ, α, β; each loss uses
// those it needs) and a worker count.
type ReferenceLoss struct {
	Type int
	Name string
	New  func(p Params, workers int) Loss
}

// ReferenceLosses lists the reference losses by their type number 0–7. Adding a loss
// is one file plus one line here.
var ReferenceLosses = []ReferenceLoss{
	{0, RefNTXentName, func(p Params, w int) Loss { return &RefNTXent{Tau: p.Tau, Workers: w} }},
	{1, RefSCInfoNCEName, func(p Params, w int) Loss {
		return &RefSCInfoNCE{Tau: p.Tau, Alpha: p.Alpha, Beta: p.Beta, Workers: w}
	}},
	{2, RefISInfoNCEName, func(p Params, w int) Loss { return &RefISInfoNCE{Tau: p.Tau, Workers: w} }},
	{3, RefDCLName, func(p Params, w int) Loss { return &RefDCL{Tau: p.Tau, Workers: w} }},
	{4, RefDHELName, func(p Params, w int) Loss { return &RefDHEL{Tau: p.Tau, Workers: w} }},
	{5, RefGaussianKCLName, func(p Params, w int) Loss { return &RefGaussianKCL{T: p.Tau, Workers: w} }},
	{6, RefLinearName, func(p Params, w int) Loss { return &RefLinear{Workers: w} }},
	{7, RefFMICLName, func(p Params, w int) Loss { return NewRefFMICL(w) }},
}

// NewReference returns the reference loss of type k (0–7) with parameters p. It
// returns an error naming k for a type outside 0–7, and Params.Check's errors.
func NewReference(k int, p Params, workers int) (Loss, error) {
	if k < 0 || k >= len(ReferenceLosses) {
		names := make([]string, len(ReferenceLosses))
		for i, r := range ReferenceLosses {
			names[i] = fmt.Sprintf("%d %s", r.Type, r.Name)
		}
		return nil, fmt.Errorf("loss: reference loss type %d: valid types are %s", k, strings.Join(names, ", "))
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	return ReferenceLosses[k].New(p, workers), nil
}
