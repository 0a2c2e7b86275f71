//go:build !unix

package feature_test

import "testing"

type usage struct{ faults int64 }

func processUsage() (usage, bool) { return usage{}, false }

func reportUsage(*testing.B, usage) {}
