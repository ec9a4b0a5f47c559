// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cityspend/cityspend/redflags"
)

// Flags times the eleven red-flag indicators on releases generated
// compiled releases. The baseline is encoding/json decoding every line and
// computing nothing.
func (h *Harness) Flags(ctx context.Context, releases int) (*Result, error) {
	f, err := os.CreateTemp("", "cityspend-releases-*.jsonl")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	h.log().Info("generating releases", "releases", releases)
	if err := redflags.Generate(f, 7, releases); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	info, _ := os.Stat(f.Name())
	in, err := os.Open(f.Name())
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if _, err := redflags.Run(ctx, in, redflags.AllSettings(), redflags.Options{}); err != nil {
		in.Close()
		return nil, err
	}
	ours := time.Since(start)
	in.Close()
	// The baseline: every line decoded by encoding/json, nothing computed.
	in, err = os.Open(f.Name())
	if err != nil {
		return nil, err
	}
	defer in.Close()
	start = time.Now()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		var v map[string]any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	base := time.Since(start)
	res := map[string]any{"releases": releases, "file_mb": round(float64(info.Size())/(1<<20), 1), "ours_s": round(ours.Seconds(), 2),
		"baseline_s": round(base.Seconds(), 2), "ratio": round(ours.Seconds()/base.Seconds(), 2), "releases_per_s": int64(float64(releases) / ours.Seconds())}
	return &Result{Figures: res, text: func(w io.Writer) {
		fmt.Fprintf(w, "%d releases (%.0f MB): eleven indicators in %.1f s (%d releases/s)\n", releases, res["file_mb"], ours.Seconds(), res["releases_per_s"])
		fmt.Fprintf(w, "  baseline (encoding/json decoding every line) %.1f s; ratio %.2f\n", base.Seconds(), res["ratio"])
	}}, nil
}
