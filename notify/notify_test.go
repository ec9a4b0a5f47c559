// SPDX-License-Identifier: EUPL-1.2

package notify

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDir(t *testing.T) {
	d := &Dir{Path: filepath.Join(t.TempDir(), "outbox")}
	for range 2 {
		if err := d.Send(context.Background(), Message{To: "kari@larvik.no", Subject: "Confirm\r\nBcc: x@evil.example", Body: "Open http://x/confirm?token=abc"}); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(d.Path, "*.eml"))
	if len(files) != 2 {
		t.Fatalf("%d files", len(files))
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "To: kari@larvik.no\r\n") || !strings.Contains(string(b), "confirm?token=abc") || strings.Contains(string(b), "\r\nBcc:") {
		t.Errorf("message:\n%s", b)
	}
}
