package runfoldertest

import (
	"slices"
	"testing"
)

// Record keeps what a check reports, ends the check at Fatal, FailNow and Skip as the
// testing package does (nothing after them runs), and fails nothing itself.
func TestRecord(t *testing.T) {
	for _, c := range []struct {
		name                   string
		check                  func(tb testing.TB)
		messages               []string
		failed, ended, skipped bool
	}{
		{"silent", func(tb testing.TB) { tb.Log("a log line is no report") }, nil, false, false, false},
		{"Error", func(tb testing.TB) { tb.Error("a", 1); tb.Errorf("b%d", 2) }, []string{"a 1\n", "b2"}, true, false, false},
		{"Fail", func(tb testing.TB) { tb.Fail() }, []string{"Fail"}, true, false, false},
		{"Fatal", func(tb testing.TB) { tb.Fatal("c"); tb.Error("after Fatal") }, []string{"c\n"}, true, true, false},
		{"Fatalf", func(tb testing.TB) { tb.Fatalf("d%d", 4); tb.Error("after Fatalf") }, []string{"d4"}, true, true, false},
		{"FailNow", func(tb testing.TB) { tb.FailNow(); tb.Error("after FailNow") }, nil, true, true, false},
		{"Skip", func(tb testing.TB) { tb.Skip("e"); tb.Error("after Skip") }, []string{"e\n"}, false, false, true},
		{"Skipf", func(tb testing.TB) { tb.Skipf("f%d", 6); tb.Error("after Skipf") }, []string{"f6"}, false, false, true},
		{"SkipNow", func(tb testing.TB) { tb.SkipNow(); tb.Error("after SkipNow") }, nil, false, false, true},
	} {
		r := Record(t, c.check)
		if !slices.Equal(r.Messages(), c.messages) || r.Failed() != c.failed || r.Ended() != c.ended || r.Skipped() != c.skipped {
			t.Errorf("%s: messages %q, failed %v, ended %v, skipped %v; want %q, %v, %v, %v",
				c.name, r.Messages(), r.Failed(), r.Ended(), r.Skipped(), c.messages, c.failed, c.ended, c.skipped)
		}
	}
}

// WantPass and WantReport are checks too: each passes on what it accepts and reports
// every other outcome.
func TestWantPassAndWantReport(t *testing.T) {
	passed := Record(t, func(tb testing.TB) {})
	reported := Record(t, func(tb testing.TB) { tb.Errorf("x went wrong") })
	ended := Record(t, func(tb testing.TB) { tb.Fatalf("x went wrong") })
	skipped := Record(t, func(tb testing.TB) { tb.Skipf("x cannot run") })

	Record(t, func(tb testing.TB) { passed.WantPass(tb) }).WantPass(t)
	for _, r := range []*Recorder{reported, ended, skipped} {
		rr := Record(t, func(tb testing.TB) { r.WantPass(tb) })
		rr.WantReport(t, false, "the check reported on good input")
		if !rr.Failed() { // independent of WantReport, which this test also checks
			t.Errorf("WantPass passed after %q", r.Messages())
		}
	}

	Record(t, func(tb testing.TB) { reported.WantReport(tb, false, "x went") }).WantPass(t)
	Record(t, func(tb testing.TB) { ended.WantReport(tb, true, "x went") }).WantPass(t)
	for _, c := range []struct {
		name  string
		r     *Recorder
		ended bool
		s     string
	}{
		{"nothing reported", passed, false, ""},
		{"a skip", skipped, false, "x cannot"},
		{"another message", reported, false, "y went"},
		{"went on, not ended", reported, true, "x went"},
		{"ended, not went on", ended, false, "x went"},
	} {
		r := Record(t, func(tb testing.TB) { c.r.WantReport(tb, c.ended, c.s) })
		r.WantReport(t, false, "want a failure naming")
		if !r.Failed() { // independent of WantReport itself
			t.Errorf("%s: WantReport passed", c.name)
		}
	}
}
