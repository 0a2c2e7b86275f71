package runfoldertest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// CheckTermResume stops the real steps command once at a line of its output, once at a
// file of its folder, and resumes it. Each stop lands where it says (the command
// pauses 300 ms between steps, long beside the milliseconds a signal takes), and
// Stopped is called with the folders and output.
func TestCheckTermResume(t *testing.T) {
	var inspected []string
	stoppedAfter := func(step string) func(t *testing.T, full, dir, output string) {
		return func(t *testing.T, full, dir, output string) {
			inspected = append(inspected, step)
			for _, c := range []struct {
				dir, name string
				exists    bool
			}{
				{full, "step-2.txt", true},
				{dir, "step-" + step + ".txt", true},
				{dir, "step-2.txt", false},
			} {
				if _, err := os.Stat(filepath.Join(c.dir, c.name)); (err == nil) != c.exists {
					t.Errorf("%s in %s: %v; want it there %v", c.name, c.dir, err, c.exists)
				}
			}
			if !strings.Contains(output, "step "+step+" written") {
				t.Errorf("the stopped run's output lacks step %s:\n%s", step, output)
			}
		}
	}
	CheckTermResume(t, stepsBody, []string{"-n", "3", "-pause", "300ms"},
		TermStop{Name: "at a line", After: "step 0 written", Resumed: "step 0 kept", Stopped: stoppedAfter("0")},
		TermStop{Name: "at a file", AfterFile: "step-1.txt", Resumed: "step 1 kept", Stopped: stoppedAfter("1")},
		TermStop{Name: "not inspected", After: "step 0 written", Resumed: "step 0 kept"},
	)
	if strings.Join(inspected, ",") != "0,1" {
		t.Errorf("Stopped ran after the stops %q, want 0,1", inspected)
	}
}

// completeRun returns a new folder holding a complete run of files written through
// runfolder; a ledger.txt of "-out " gets the folder's name after it.
func completeRun(t *testing.T, files map[string]string, runErr error) string {
	t.Helper()
	dir := t.TempDir()
	f, err := runfolder.Create(dir, runfolder.Options{Notebook: "steps"})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if name == "ledger.txt" && b == "-out " {
			b += dir
		}
		if err := f.WriteFile(name, []byte(b)); err != nil {
			t.Fatal(err)
		}
	}
	f.Close(runErr)
	return dir
}

func TestCheckSameFiles(t *testing.T) {
	files := map[string]string{"a.txt": "A", "sub/b.txt": "B", "ledger.txt": "-out "}
	want := completeRun(t, files, nil)
	with := func(name, b string) map[string]string {
		m := map[string]string{"a.txt": "A", "sub/b.txt": "B", "ledger.txt": "-out "}
		if b == "" {
			delete(m, name)
		} else {
			m[name] = b
		}
		return m
	}
	Record(t, func(tb testing.TB) { CheckSameFiles(tb, want, completeRun(t, files, nil)) }).WantPass(t)
	for _, c := range []struct {
		name string
		got  string
		msg  string
	}{
		{"missing", completeRun(t, with("sub/b.txt", ""), nil), "sub/b.txt of the uninterrupted run is missing"},
		{"differs", completeRun(t, with("a.txt", "a"), nil), "a.txt differs"},
		{"names the other folder", completeRun(t, with("ledger.txt", "-out "+want), nil), "ledger.txt differs"},
		{"extra", completeRun(t, with("c.txt", "C"), nil), "c.txt is left"},
		{"incomplete", completeRun(t, files, errors.New("stopped")), "want complete"},
	} {
		t.Run(c.name, func(t *testing.T) {
			Record(t, func(tb testing.TB) { CheckSameFiles(tb, want, c.got) }).WantReport(t, false, c.msg)
		})
	}
	t.Run("no manifest", func(t *testing.T) {
		got := t.TempDir()
		WriteFiles(t, got, map[string]string{"a.txt": "A", "sub/b.txt": "B", "ledger.txt": "-out " + got})
		Record(t, func(tb testing.TB) { CheckSameFiles(tb, want, got) }).WantReport(t, false, "want complete")
	})
}

func TestCheckSameFile(t *testing.T) {
	want, got := t.TempDir(), t.TempDir()
	WriteFiles(t, want, map[string]string{"r/m.csv": "1,2\n", "other.csv": "x"})
	WriteFiles(t, got, map[string]string{"r/m.csv": "1,2\n", "other.csv": "y", "mine.csv": ""})
	Record(t, func(tb testing.TB) { CheckSameFile(tb, want, got, "r/m.csv") }).WantPass(t)
	Record(t, func(tb testing.TB) { CheckSameFile(tb, want, got, "other.csv") }).WantReport(t, false, "other.csv differs from the uninterrupted run's (<nil>)")
	Record(t, func(tb testing.TB) { CheckSameFile(tb, want, got, "absent.csv") }).WantReport(t, false, "absent.csv: ")
	Record(t, func(tb testing.TB) { CheckSameFile(tb, want, got, "mine.csv") }).WantReport(t, false, "mine.csv differs from the uninterrupted run's (open ")
}

func TestStoppedIn(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, steps ...int) {
		var rows []runfolder.MetricRow
		for _, s := range steps {
			rows = append(rows, runfolder.MetricRow{Step: s, Metric: "loss", I: -1, J: -1, Value: 1})
		}
		if err := runfolder.WriteMetricsCSV(filepath.Join(dir, name), rows); err != nil {
			t.Fatal(err)
		}
	}
	write("training.csv", 0, 8, 4)   // last recorded step 8 of 10: stopped in training
	write("evaluation.csv", 0, 9, 5) // step 9, the last of 10, recorded: stopped in evaluation
	write("none.csv")                // stopped before its first record
	for _, c := range []struct {
		name       string
		steps      int
		inTraining bool
		want       string // in the report; empty: none
	}{
		{"training.csv", 10, true, ""},
		{"training.csv", 10, false, "last recorded step 8 of 10 steps; want a stop in training false"},
		{"training.csv", 9, false, ""},
		{"evaluation.csv", 10, false, ""},
		{"evaluation.csv", 10, true, "last recorded step 9 of 10 steps; want a stop in training true"},
		{"evaluation.csv", 11, true, ""},
		{"none.csv", 1, true, ""},
		{"none.csv", 0, true, "last recorded step -1 of 0 steps"},
		{"absent.csv", 10, true, "the stopped replicate's records: "},
	} {
		r := Record(t, func(tb testing.TB) { StoppedIn(tb, dir, c.name, c.steps, c.inTraining) })
		if c.want == "" {
			r.WantPass(t)
		} else {
			r.WantReport(t, false, c.want)
		}
	}
}
