// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeZip(t *testing.T, files map[string]string) string {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, text := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(text))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "a.zip")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Plain, gzipped and zipped files read the same, with progress over the
// whole of what is read.
func TestSource(t *testing.T) {
	const text = "code;name\n0001;OSLO\n3256;LARVIK\n"
	dir := t.TempDir()
	plain := filepath.Join(dir, "p.csv")
	os.WriteFile(plain, []byte(text), 0o644)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(text))
	w.Close()
	gzipped := filepath.Join(dir, "p.csv.gz")
	os.WriteFile(gzipped, gz.Bytes(), 0o644)
	zipped := writeZip(t, map[string]string{"data/p.csv": text, "__MACOSX/._p.csv": "junk"})
	l := Layout{Columns: []Column{{Field: "code", Required: true}, {Field: "name"}}}
	for file, want := range map[string]string{plain: "", gzipped: "gzip", zipped: "zip"} {
		s, err := OpenSource(file)
		if err != nil {
			t.Fatal(err)
		}
		if s.Compression != want {
			t.Errorf("%s: compression %q", file, s.Compression)
		}
		n, err := s.Named(Options{}, l)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for {
			r, err := n.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, r.Get("code")+"="+r.Get("name"))
		}
		if strings.Join(got, ",") != "0001=OSLO,3256=LARVIK" {
			t.Errorf("%s: %v", file, got)
		}
		if done, total := s.Progress(); done != total || total == 0 {
			t.Errorf("%s: progress %d of %d at the end", file, done, total)
		}
		if err := n.Close(); err != nil {
			t.Errorf("%s: close: %v", file, err)
		}
	}
	if _, err := OpenSource(writeZip(t, map[string]string{"a.csv": text, "b.csv": text})); err == nil || !strings.Contains(err.Error(), "several files") {
		t.Errorf("two members: %v", err)
	}
	if s, err := OpenSource(writeZip(t, map[string]string{"a.json": "[]", "readme.txt": "x"}), ".json"); err != nil || !strings.HasSuffix(s.Name, ":a.json") {
		t.Errorf("member by extension: %v", err)
	}
	if _, err := OpenSource(writeZip(t, map[string]string{"[Content_Types].xml": "x", "xl/workbook.xml": "y"})); err == nil || !strings.Contains(err.Error(), "XLSX") {
		t.Errorf("workbook: %v", err)
	}
	bad := filepath.Join(dir, "bad.gz")
	os.WriteFile(bad, []byte{0x1f, 0x8b, 1, 2, 3}, 0o644)
	if _, err := OpenSource(bad); err == nil {
		t.Error("a broken gzip file opened")
	}
}
