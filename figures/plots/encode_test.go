package plots

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/feature"
)

func TestEncodeDeterministic(t *testing.T) {
	f, err := PairStatistics(feature.Toy())
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range Formats() {
		var a, b bytes.Buffer
		if err := Encode(&a, f, format, 72); err != nil {
			t.Fatal(err)
		}
		if err := Encode(&b, f, format, 72); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two encodings of one figure differ (%d and %d bytes)", format, a.Len(), b.Len())
		}
		switch format {
		case "pdf":
			// Without the fixed dates the PDF would carry the time of the run.
			for _, key := range []string{"/CreationDate (D:20251101000000)", "/ModDate (D:20251101000000)"} {
				if !bytes.Contains(a.Bytes(), []byte(key)) {
					t.Errorf("pdf: no %q", key)
				}
			}
		case "svg":
			// Text is drawn as outlines (outlinedText), never as <text>.
			if bytes.Contains(a.Bytes(), []byte("<text")) {
				t.Errorf("svg: contains <text> elements; want glyph outlines")
			}
		}
	}
}

func TestEncodePNGSize(t *testing.T) {
	f, err := Targets(feature.Toy(), feature.ToyBatchSize, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	w, h := f.Size()
	for _, dpi := range []int{72, 150} {
		var buf bytes.Buffer
		if err := Encode(&buf, f, "png", dpi); err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(&buf)
		if err != nil {
			t.Fatal(err)
		}
		// Size in points × dpi/72, rounded to whole pixels.
		wantW, wantH := float64(w)*float64(dpi)/72, float64(h)*float64(dpi)/72
		if math.Abs(float64(cfg.Width)-wantW) > 1 || math.Abs(float64(cfg.Height)-wantH) > 1 {
			t.Errorf("dpi %d: %d×%d pixels, want %.1f×%.1f ± 1", dpi, cfg.Width, cfg.Height, wantW, wantH)
		}
	}
}

func TestEncodeUnknownFormat(t *testing.T) {
	f, err := Targets(feature.Toy(), 10, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = Encode(&buf, f, "gif", 0)
	if err == nil || !strings.Contains(err.Error(), `"gif"`) {
		t.Errorf("Encode(gif) error = %v, want one naming \"gif\"", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Encode(gif) wrote %d bytes", buf.Len())
	}
}
