package grid

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// Options control Run; none of them changes a result.
type Options struct {
	// Workers is the number of cells trained at once (≤ 0: runtime.GOMAXPROCS(0)).
	Workers int
	// Shard selects the cells to run; the zero value runs them all.
	Shard Shard
	// Progress, when non-nil, is called after each cell of the shard that finishes,
	// with the number of the shard's cells finished so far (those skipped included);
	// calls are serialised.
	Progress func(done int)
}

// Stats counts the cells of one Run.
type Stats struct {
	Cells   int // cells of the shard
	Skipped int // already finished when Run started (their files existed)
	Ran     int // finished by this Run
	Failed  int // of Ran, cells whose run failed (Outcome.Failed)
}

// Remaining returns the cells of the shard that are not finished.
func (s Stats) Remaining() int { return s.Cells - s.Skipped - s.Ran }

// Run runs the cells of opt.Shard that have no file in dir yet, on opt.Workers
// goroutines, and writes each finished cell to dir/cells/<id>.json atomically. It
// makes dir a sweep directory first (sweep.json), and refuses a directory of another
// sweep (*MixError). Cells are handed out costliest first (Kind.Cost: largest N for
// scenario cells), which shortens the tail of the run; each cell draws only from its
// own stream (Kind.Seed), so the results do not depend on the order, the workers or
// the shard.
//
// When more than one cell runs at once, each cell runs serially (Kind.Run; for
// scenario cells simulate.Config.Workers = 1): the parallelism is across cells.
// Results are bitwise the same either way.
//
// Cancelling ctx stops handing out cells and interrupts the running ones between
// training steps; their files are not written. Run then returns the stats so far and
// ctx's error. A cell whose training fails is written with its error and counted in
// Failed; it is not an error of Run. Errors writing files are returned.
func (s *Sweep) Run(ctx context.Context, dir string, opt Options) (Stats, error) {
	if err := s.Prepare(dir); err != nil {
		return Stats{}, err
	}
	var st Stats
	var pending []Cell
	for k, c := range s.cells {
		if !opt.Shard.Owns(k) {
			continue
		}
		st.Cells++
		r, _, err := s.readCell(dir, c)
		if err != nil {
			return st, err
		}
		if r != nil {
			st.Skipped++
			continue
		}
		pending = append(pending, c)
	}
	slices.SortStableFunc(pending, func(a, b Cell) int { return cmp.Compare(s.kind.Cost(b), s.kind.Cost(a)) })
	if opt.Progress != nil {
		opt.Progress(st.Skipped)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(pending)))

	var (
		mu       sync.Mutex
		firstErr error
		next     int
		wg       sync.WaitGroup
	)
	take := func() (Cell, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(pending) || firstErr != nil || ctx.Err() != nil {
			return nil, false
		}
		c := pending[next]
		next++
		return c, true
	}
	for range workers {
		wg.Go(func() {
			for {
				c, ok := take()
				if !ok {
					return
				}
				o := s.kind.Run(ctx, c, workers > 1)
				if o == nil {
					return // interrupted: the cell is not finished
				}
				h := o.Head()
				h.Sweep, h.Cell, h.Key = s.id, c.ID(), c.Key()
				werr := runfolder.WriteFileAtomic(CellPath(dir, c), encodeOutcome(o))
				mu.Lock()
				if werr != nil {
					if firstErr == nil {
						firstErr = fmt.Errorf("grid: cell %s: %w", c.Key(), werr)
					}
				} else {
					st.Ran++
					if o.Failed() {
						st.Failed++
					}
					if opt.Progress != nil {
						opt.Progress(st.Skipped + st.Ran)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return st, firstErr
	}
	return st, ctx.Err()
}
