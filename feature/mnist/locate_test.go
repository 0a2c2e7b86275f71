package mnist

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestDataDirLooksInGOMODCACHEFirst: $GOMODCACHE is the first cache DataDir tries; a
// cache holding the module's training images is chosen, one without them is passed
// over (to the next cache, or to the error naming where it looked).
func TestDataDirLooksInGOMODCACHEFirst(t *testing.T) {
	cache := t.TempDir()
	data := filepath.Join(cache, escapePath(Module)+"@"+Version, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOMODCACHE", cache)
	if got := modCaches(); len(got) == 0 || got[0] != cache {
		t.Errorf("modCaches() = %v, want %s first", got, cache)
	}
	if dir, err := DataDir(); err == nil && dir == data {
		t.Errorf("DataDir() = %s, which has no %s", dir, TrainImagesFile)
	}
	writeFile(t, data, TrainImagesFile, nil)
	if dir, err := DataDir(); err != nil || dir != data {
		t.Errorf("DataDir() = %q, %v; want %s", dir, err, data)
	}
	t.Setenv("GOMODCACHE", "")
	if got := modCaches(); slices.Contains(got, "") {
		t.Errorf("modCaches() = %q with GOMODCACHE empty: an empty cache root", got)
	}
}

// TestModCachesFallbacks: without $GOMODCACHE, `go env GOMODCACHE` (which is then
// $GOPATH's first entry + pkg/mod, with the user's go.env off), the first entry of
// $GOPATH's list and then ~/go hold a pkg/mod cache.
func TestModCachesFallbacks(t *testing.T) {
	home, a, b := t.TempDir(), t.TempDir(), t.TempDir()
	t.Setenv("GOMODCACHE", "")
	t.Setenv("GOENV", "off")
	t.Setenv("GOPATH", a+string(os.PathListSeparator)+b)
	t.Setenv("HOME", home)
	mod := filepath.Join(a, "pkg", "mod")
	want := []string{mod, mod, filepath.Join(home, "go", "pkg", "mod")}
	if got := modCaches(); !slices.Equal(got, want) {
		t.Errorf("modCaches() = %q, want %q", got, want)
	}
}
