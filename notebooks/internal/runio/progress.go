package runio

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Progress reports how far a long computation is: a bar redrawn in place (\r) when
// its writer is a terminal, plain lines otherwise, e.g.
//
//	train: 40/600 (6.7%) elapsed 2.1s eta 29s
//
// It draws at most every TTYInterval on a terminal and PlainInterval otherwise; Done
// always draws the last state. Its methods are safe for concurrent use.
type Progress struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	total    int
	tty      bool
	interval time.Duration
	now      func() time.Time
	start    time.Time
	last     time.Time // last draw; zero before the first
	done     int
	finished bool
}

// Drawing intervals of a Progress.
const (
	TTYInterval   = 250 * time.Millisecond
	PlainInterval = time.Second
)

// NewProgress returns a progress report of total units to w labelled label. w is a
// terminal when it is an *os.File on a character device.
func NewProgress(w io.Writer, label string, total int) *Progress {
	p := &Progress{w: w, label: label, total: total, interval: PlainInterval, now: time.Now}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.interval = true, TTYInterval
		}
	}
	p.start = p.now()
	return p
}

// Set records that done units are finished and draws when the interval has passed.
func (p *Progress) Set(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.update(done)
}

// Add records n more finished units.
func (p *Progress) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.update(p.done + n)
}

// update sets done and draws when due; the caller holds mu.
func (p *Progress) update(done int) {
	if p.finished {
		return
	}
	p.done = done
	t := p.now()
	if !p.last.IsZero() && t.Sub(p.last) < p.interval {
		return
	}
	p.last = t
	p.draw(t)
}

// Done draws the final state and ends the line; later calls do nothing.
func (p *Progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	p.draw(p.now())
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// Note prints msg as a line of its own, labelled, between the progress lines.
func (p *Progress) Note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprintf(p.w, "\r%s: %s\x1b[K\n", p.label, msg)
		p.last = time.Time{} // redraw the bar at the next update
		return
	}
	fmt.Fprintf(p.w, "%s: %s\n", p.label, msg)
}

// draw writes the current state; the caller holds mu.
func (p *Progress) draw(t time.Time) {
	line := p.line(t.Sub(p.start))
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
		return
	}
	fmt.Fprintln(p.w, line)
}

// line formats the state after elapsed time.
func (p *Progress) line(elapsed time.Duration) string {
	var b strings.Builder
	b.WriteString(p.label)
	b.WriteString(": ")
	if p.tty && p.total > 0 {
		const width = 24
		k := min(width, max(0, p.done*width/p.total))
		b.WriteString("[" + strings.Repeat("#", k) + strings.Repeat(".", width-k) + "] ")
	}
	if p.total > 0 {
		fmt.Fprintf(&b, "%d/%d (%.1f%%)", p.done, p.total, 100*float64(p.done)/float64(p.total))
	} else {
		fmt.Fprintf(&b, "%d", p.done)
	}
	fmt.Fprintf(&b, " elapsed %s", formatDuration(elapsed))
	if p.total > 0 && p.done < p.total {
		if p.done > 0 {
			// eta = elapsed · (total − done)/done, assuming a constant rate.
			eta := time.Duration(float64(elapsed) * float64(p.total-p.done) / float64(p.done))
			fmt.Fprintf(&b, " eta %s", formatDuration(eta))
		} else {
			b.WriteString(" eta ?")
		}
	}
	return b.String()
}

// formatDuration prints d with one decimal below 10 s, whole seconds below a minute,
// and minutes and seconds above.
func formatDuration(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Minute:
		return fmt.Sprintf("%.0fs", d.Seconds())
	default:
		return d.Round(time.Second).String()
	}
}
