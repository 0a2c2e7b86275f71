package scenario

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: Parse never panics, and whatever it accepts has a resolved form that
// parses to the same scenario (same Hash, same bytes). For small spaces it also
// checks that simulate accepts the configuration, i.e. that Parse validates at least
// as strictly as markov, feature and simulate. Seeds: every file of testdata, the
// embedded default and the README's examples.
//
//	go test -fuzz=FuzzParse -fuzztime 60s ./simulate/scenario
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	more, _ := filepath.Glob("testdata/invalid/*.json")
	for _, name := range append(files, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(defaultJSON)
	for _, block := range readmeJSONBlocks(f) {
		f.Add([]byte(block))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			if s != nil {
				t.Fatalf("Parse returned a scenario and an error %v", err)
			}
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			return
		}
		res, err := s.Resolved()
		if err != nil {
			t.Fatalf("parsed scenario has no resolved form: %v", err)
		}
		again, err := Parse(res)
		if err != nil {
			t.Fatalf("resolved form does not parse: %v\n%s", err, res)
		}
		res2, err := again.Resolved()
		if err != nil {
			t.Fatal(err)
		}
		if string(res2) != string(res) || again.Hash() != s.Hash() {
			t.Fatalf("round trip changed the resolved form:\n%s\nthen\n%s", res, res2)
		}
		if len(s.Source) <= 64 { // Space is O(m³): keep the fuzzer fast
			cfg, err := s.Config(0)
			if err != nil {
				t.Fatalf("Parse accepted what Config rejects: %v\n%s", err, res)
			}
			if err := cfg.ValidateWithin(s.Limits); err != nil {
				t.Fatalf("simulate rejects an accepted scenario: %v", err)
			}
		}
	})
}
