package loss

import (
	"fmt"
	"math"
	"strings"
)

// Params are the hyper-parameters of a loss: the temperature τ of the logits
// S = cos/τ and the SC-InfoNCE scale α and bias β (used by scinfonce and
// scinfonce-decoupled, validated for every loss).
type Params struct{ Tau, Alpha, Beta float64 }

// Loss names accepted by New.
const (
	InfoNCE            = "infonce"
	NTXent             = "ntxent"
	DCL                = "dcl"
	SCInfoNCE          = "scinfonce"
	SCInfoNCEDecoupled = "scinfonce-decoupled"
	DHEL               = "dhel"
	Spectral           = "spectral"
)

var names = []string{InfoNCE, NTXent, DCL, SCInfoNCE, SCInfoNCEDecoupled, DHEL, Spectral}

// Names returns the loss names accepted by New, in a fixed order (a fresh slice).
func Names() []string { return append([]string(nil), names...) }

// Check returns an error naming the offending value unless τ > 0 is finite and α, β
// are finite.
func (p Params) Check() error {
	if !(p.Tau > 0) || math.IsInf(p.Tau, 1) {
		return fmt.Errorf("loss: temperature τ = %v: need a finite τ > 0", p.Tau)
	}
	if math.IsNaN(p.Alpha) || math.IsInf(p.Alpha, 0) {
		return fmt.Errorf("loss: SC-InfoNCE scale α = %v: need a finite number", p.Alpha)
	}
	if math.IsNaN(p.Beta) || math.IsInf(p.Beta, 0) {
		return fmt.Errorf("loss: SC-InfoNCE bias β = %v: need a finite number", p.Beta)
	}
	return nil
}

func unknownName(name string) error {
	return fmt.Errorf("loss: unknown loss name %q: valid names are %s", name, strings.Join(names, ", "))
}

// New returns the named loss with parameters p. It returns an error for an unknown
// name (listing the valid ones) or invalid parameters (see Params.Check). Every loss
// except dhel also implements LogitLoss.
func New(name string, p Params) (Loss, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	switch name {
	case InfoNCE:
		return newCross(name, ruleInfoNCE, p), nil
	case DCL:
		return newCross(name, ruleDCL, p), nil
	case SCInfoNCE:
		return newCross(name, ruleSC, p), nil
	case SCInfoNCEDecoupled:
		return newCross(name, ruleSCD, p), nil
	case NTXent:
		return newNTXent(p), nil
	case DHEL:
		return newDHEL(p), nil
	case Spectral:
		return &spectralLoss{tau: p.Tau}, nil
	}
	return nil, unknownName(name)
}

// DecoupledNormalisation reports in which normalisation a loss's positive-pair
// probability (docs/theory.md §6) reaches its mean-field target exactly: true for
// exp S_aa / Σ_{b≠a} exp S_ab (dcl and scinfonce-decoupled, whose gradients use that
// normalisation, and dhel, whose positive is not in its denominator), false for the
// softmax with the positive included (infonce, ntxent; scinfonce, whose negative
// gradient P_ab + β/(N−1) is taken in the inclusive softmax, so that its stationary
// point is P = T2 there — the decoupled value differs by a factor 1/(1 − P_aa), an
// O(1/N) shift; spectral has no softmax and follows the reference code's monitor).
// Unknown names give an error.
func DecoupledNormalisation(name string) (bool, error) {
	switch name {
	case DCL, SCInfoNCEDecoupled, DHEL:
		return true, nil
	case InfoNCE, NTXent, SCInfoNCE, Spectral:
		return false, nil
	}
	return false, unknownName(name)
}
