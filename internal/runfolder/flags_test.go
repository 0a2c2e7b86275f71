package runfolder

import (
	"errors"
	"flag"
	"io"
	"testing"
)

func TestParseFlags(t *testing.T) {
	parse := func(args ...string) (int, uint64, float64, error) {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		workers := fs.Int("workers", 0, "goroutines")
		seed := fs.Uint64("seed", 1, "seed")
		tau := fs.Float64("tau", 1, "temperature")
		fs.Int("steps", 5, "steps")
		err := ParseFlags(fs, args)
		return *workers, *seed, *tau, err
	}
	if w, s, tau, err := parse("-workers", "3", "-seed", "7", "-tau", "-0.5"); err != nil || w != 3 || s != 7 || tau != -0.5 {
		t.Errorf("good flags: %d, %d, %v, %v; want 3, 7, −0.5 (a float is not a count), nil", w, s, tau, err)
	}
	if w, _, _, err := parse("-workers", "0"); err != nil || w != 0 {
		t.Errorf("-workers 0: %d, %v; want 0 accepted (its meaning is the command's)", w, err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-workers", "-3"}, "-workers = -3: need a count ≥ 0 (see -h)"},
		{[]string{"-workers", "2", "-steps", "-1"}, "-steps = -1: need a count ≥ 0 (see -h)"},
	} {
		if _, _, _, err := parse(c.args...); err == nil || err.Error() != c.want {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	if _, _, _, err := parse("-h"); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: error %v, want flag.ErrHelp", err)
	}
	if _, _, _, err := parse("-workers", "x"); err == nil {
		t.Errorf("-workers x: no error")
	}
}

func TestDefaultOut(t *testing.T) {
	for _, c := range []struct {
		out   string
		quick bool
		want  string
	}{
		{"", false, "notebooks/toy/out"},
		{"", true, "notebooks/toy/out-quick"},
		{"mine", true, "mine"},
		{"mine", false, "mine"},
	} {
		if got := DefaultOut(c.out, "notebooks/toy/out", c.quick); got != c.want {
			t.Errorf("DefaultOut(%q, quick %v) = %q, want %q", c.out, c.quick, got, c.want)
		}
	}
}
