package proofs

import "testing"

// The MNIST-states claims (claims_mnist.go), each run as the claims notebook runs it.
func TestC32_MNISTTPMEstimateUnbiased(t *testing.T)        { runEntry(t, "C32") }
func TestC33_StrongerAugmentationDiffusesTPM(t *testing.T) { runEntry(t, "C33") }
func TestC34_MNISTT1OutOfReach(t *testing.T)               { runEntry(t, "C34") }
