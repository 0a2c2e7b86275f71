package runio

import (
	"reflect"
	"testing"
)

// A # that starts a word begins a shell comment (the claims README's refresh line
// ends in one); inside a word or in quotes it is an argument's character.
func TestSplitArgsComment(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{" -out notebooks/claims/results   # refresh the committed ledger", []string{"-out", "notebooks/claims/results"}},
		{"#all a comment", nil},
		{" -labels a#b '#x' \"y #z\"", []string{"-labels", "a#b", "#x", "y #z"}},
	} {
		got, err := splitArgs(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("splitArgs(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
