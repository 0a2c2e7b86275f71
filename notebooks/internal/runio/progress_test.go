package runio

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock advances only when told.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func newTestProgress(buf *bytes.Buffer, total int) (*Progress, *fakeClock) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := NewProgress(buf, "train", total)
	p.now = clk.now
	p.start = clk.t
	return p, clk
}

func TestProgressPlainLines(t *testing.T) {
	var buf bytes.Buffer
	p, clk := newTestProgress(&buf, 600)
	clk.t = clk.t.Add(2100 * time.Millisecond)
	p.Set(40)
	// elapsed 2.1 s for 40 of 600: eta = 2.1·560/40 = 29.4 s, printed as whole seconds.
	want := "train: 40/600 (6.7%) elapsed 2.1s eta 29s\n"
	if buf.String() != want {
		t.Fatalf("first line %q, want %q", buf.String(), want)
	}
	// Within PlainInterval of the last line nothing is drawn.
	clk.t = clk.t.Add(PlainInterval / 2)
	p.Set(50)
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Errorf("%d lines after a second Set within the interval, want 1:\n%s", n, buf.String())
	}
	clk.t = clk.t.Add(PlainInterval)
	p.Set(60)
	if n := strings.Count(buf.String(), "\n"); n != 2 {
		t.Errorf("%d lines after a Set past the interval, want 2:\n%s", n, buf.String())
	}
	p.Set(600)
	p.Done()
	p.Done()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3 (Done draws once):\n%s", len(lines), buf.String())
	}
	if last := lines[2]; !strings.HasPrefix(last, "train: 600/600 (100.0%) elapsed") || strings.Contains(last, "eta") {
		t.Errorf("final line %q, want 600/600 without eta", last)
	}
}

func TestProgressNoTotalAndZeroDone(t *testing.T) {
	var buf bytes.Buffer
	p, _ := newTestProgress(&buf, 10)
	p.Set(0)
	if want := "train: 0/10 (0.0%) elapsed 0.0s eta ?\n"; buf.String() != want {
		t.Errorf("line %q, want %q", buf.String(), want)
	}
	buf.Reset()
	q, _ := newTestProgress(&buf, 0)
	q.Set(3)
	if want := "train: 3 elapsed 0.0s\n"; buf.String() != want {
		t.Errorf("line %q, want %q", buf.String(), want)
	}
}

func TestProgressTerminalRedraw(t *testing.T) {
	var buf bytes.Buffer
	p, clk := newTestProgress(&buf, 4)
	p.tty = true
	p.Set(1)
	clk.t = clk.t.Add(time.Second)
	p.Set(2)
	p.Done()
	out := buf.String()
	if strings.Count(out, "\r") != 3 || !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("terminal output %q: want three \\r redraws and one final newline", out)
	}
	if !strings.Contains(out, "[############............] 2/4 (50.0%)") {
		t.Errorf("terminal output %q lacks a half-full bar", out)
	}
}

// Concurrent Add calls count every unit (run with -race to check the locking).
func TestProgressConcurrent(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf, "x", 800)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 100; k++ {
				p.Add(1)
			}
		}()
	}
	wg.Wait()
	p.Done()
	if !strings.Contains(buf.String(), "x: 800/800") {
		t.Errorf("output %q lacks the final count 800/800", buf.String())
	}
}

type bytesBuffer = bytes.Buffer

func containsLine(out, prefix string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// A writer is a terminal exactly when it is a file on a character device: /dev/null is
// one (a bar redrawn at most every 250 ms, TTYInterval), a regular file and a
// bytes.Buffer are not (a line at most every second, PlainInterval).
func TestProgressDetectsTerminal(t *testing.T) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer devNull.Close()
	regular, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer regular.Close()
	for _, c := range []struct {
		name     string
		w        io.Writer
		tty      bool
		interval time.Duration
	}{
		{os.DevNull, devNull, true, 250 * time.Millisecond},
		{"a regular file", regular, false, time.Second},
		{"a bytes.Buffer", &bytes.Buffer{}, false, time.Second},
	} {
		p := NewProgress(c.w, "train", 1)
		if p.tty != c.tty || p.interval != c.interval {
			t.Errorf("%s: terminal %v, interval %v; want %v, %v", c.name, p.tty, p.interval, c.tty, c.interval)
		}
	}
}

// The boundaries of the plain format: 10 s is printed in whole seconds (one decimal
// only below it); with a total of 1 and nothing done the eta is unknown ("eta ?"); a
// Note on a writer that is not a terminal is a plain labelled line.
func TestProgressFormatEdges(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{{9900 * time.Millisecond, "9.9s"}, {10 * time.Second, "10s"}, {59 * time.Second, "59s"}, {time.Minute, "1m0s"}} {
		if got := formatDuration(c.d); got != c.want {
			t.Errorf("formatDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	var buf bytes.Buffer
	p, _ := newTestProgress(&buf, 1)
	p.Set(0)
	p.Note("hello")
	if want := "train: 0/1 (0.0%) elapsed 0.0s eta ?\ntrain: hello\n"; buf.String() != want {
		t.Errorf("output %q, want %q", buf.String(), want)
	}
}

// The terminal bar's edges: nothing done is an empty bar (no '#' before the first
// 1/24 of the total), all done a full one; without a total no eta is printed, even
// for a count that Add made negative.
func TestProgressBarEdges(t *testing.T) {
	for _, c := range []struct {
		done int
		want string
	}{
		{0, "\rtrain: [........................] 0/48 (0.0%) elapsed 0.0s eta ?\x1b[K"},
		{1, "\rtrain: [........................] 1/48 (2.1%) elapsed 0.0s eta 0.0s\x1b[K"}, // 1·24/48 rounds down to 0
		{2, "\rtrain: [#.......................] 2/48 (4.2%) elapsed 0.0s eta 0.0s\x1b[K"},
		{48, "\rtrain: [########################] 48/48 (100.0%) elapsed 0.0s\x1b[K"},
	} {
		var buf bytes.Buffer
		p, _ := newTestProgress(&buf, 48)
		p.tty = true
		p.Set(c.done)
		if buf.String() != c.want {
			t.Errorf("done %d: %q, want %q", c.done, buf.String(), c.want)
		}
	}
	var buf bytes.Buffer
	p, _ := newTestProgress(&buf, 0)
	p.Add(-1)
	if want := "train: -1 elapsed 0.0s\n"; buf.String() != want {
		t.Errorf("no total, done -1: %q, want %q", buf.String(), want)
	}
}
