package chunks

import "testing"

func TestForVisitsEveryChunkOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 64} {
		const n = 37
		var seen [n]int32
		For(n, workers, func(c int) { seen[c]++ }) // each index written by one goroutine
		for c, v := range seen {
			if v != 1 {
				t.Errorf("workers %d: chunk %d ran %d times", workers, c, v)
			}
		}
	}
	if Count(10, 4) != 3 || Count(8, 4) != 2 || Count(0, 4) != 0 {
		t.Errorf("Count: %d %d %d, want 3 2 0", Count(10, 4), Count(8, 4), Count(0, 4))
	}
	if lo, hi := Range(2, 10, 4); lo != 8 || hi != 10 {
		t.Errorf("Range(2, 10, 4) = [%d, %d), want [8, 10)", lo, hi)
	}
}
