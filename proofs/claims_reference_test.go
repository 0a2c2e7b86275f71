package proofs

import "testing"

// The reference experiment's claims (claims_reference.go), each run as the claims
// notebook runs it.
func TestC35_MonitorTargetNearT1(t *testing.T)                { runEntry(t, "C35") }
func TestC36_MonitorConvergesToExactExpectation(t *testing.T) { runEntry(t, "C36") }
func TestC37_ReferenceGINMissesTargets(t *testing.T)          { checkC37Scale(t, runEntry(t, "C37")) }
