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
// (--loss-type) and its name in New's registry (registry.go), which builds it.
type ReferenceLoss struct {
	Type int
	Name string
}

// ReferenceLosses lists the reference losses by their type number 0–7.
var ReferenceLosses = []ReferenceLoss{
	{0, RefNTXentName}, {1, RefSCInfoNCEName}, {2, RefISInfoNCEName}, {3, RefDCLName},
	{4, RefDHELName}, {5, RefGaussianKCLName}, {6, RefLinearName}, {7, RefFMICLName},
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
	return NewWithWorkers(ReferenceLosses[k].Name, p, workers)
}
