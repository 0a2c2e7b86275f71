package proofs

import (
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/infonce-lab/infonce-lab/simulate/sample"
)

// Shared stores results that several claims of one ledger run use (trained runs, optima,
// exact fixed points), computed once each: the first caller of a key computes it, later
// and concurrent callers wait for and share the result. It is safe for concurrent use.
type Shared struct {
	mu    sync.Mutex
	items map[string]*sharedItem
}

type sharedItem struct {
	once sync.Once
	val  any
	err  error
}

// NewShared returns an empty store.
func NewShared() *Shared { return &Shared{items: make(map[string]*sharedItem)} }

// sharedDo returns the value stored under key, computing it with f on first use. The
// key must determine the value (it includes the seed and sizes).
func sharedDo[T any](s *Shared, key string, f func() (T, error)) (T, error) {
	s.mu.Lock()
	it, ok := s.items[key]
	if !ok {
		it = &sharedItem{}
		s.items[key] = it
	}
	s.mu.Unlock()
	it.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				it.err = fmt.Errorf("proofs: computing %s: panic: %v", key, r)
			}
		}()
		it.val, it.err = f()
	})
	v, _ := it.val.(T)
	return v, it.err
}

// DeriveSeed returns the seed of one random computation of a ledger run: the base seed
// mixed (SplitMix64, sample.Mix) with a hash of the purpose, so that distinct
// computations draw from distinct streams and each is reproducible on its own.
func DeriveSeed(base uint64, purpose string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(purpose))
	return sample.Mix(base ^ sample.Mix(h.Sum64()))
}
