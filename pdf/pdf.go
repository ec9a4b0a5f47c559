// SPDX-License-Identifier: EUPL-1.2

// Package pdf prints HTML documents to PDF with headless Chromium, the
// browser the project's setup script installs (Debian package chromium).
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/cityspend/cityspend"
)

// Browser finds Chromium: $CITYSPEND_CHROMIUM, else chromium,
// chromium-browser or google-chrome on the PATH.
func Browser() (string, error) {
	if p := os.Getenv("CITYSPEND_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", cityspend.Errorf(cityspend.EINVALID, "PDF needs Chromium, which is not installed: run scripts/setup (or apt-get install chromium), set CITYSPEND_CHROMIUM, or ask for --format html")
}

// Flags are the flags Chromium runs with: headless, and no network of its own.
var Flags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
	"--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio"}

// FromHTML prints a self-contained HTML document (no outside resources) to
// PDF, A4, without the browser's header and footer.
func FromHTML(ctx context.Context, html []byte) ([]byte, error) {
	bin, err := Browser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "cityspend-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(in, html, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	args := append(append([]string{}, Flags...), "--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+out, "file://"+in)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("chromium did not finish printing the PDF in 2 minutes")
		}
		return nil, fmt.Errorf("chromium: %w: %s", err, lastLines(stderr.Bytes(), 5))
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("chromium wrote no PDF: %w: %s", err, lastLines(stderr.Bytes(), 5))
	}
	if !bytes.HasPrefix(doc, []byte("%PDF-")) {
		return nil, fmt.Errorf("chromium wrote something that is not a PDF")
	}
	return doc, nil
}

func lastLines(b []byte, n int) string {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte(" | ")))
}
