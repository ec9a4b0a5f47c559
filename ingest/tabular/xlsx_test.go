// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A workbook whose sheet unpacks to far more than the file (a zip bomb) is
// refused before it is read.
func TestXLSXZipBombRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	} {
		w, _ := zw.Create(f.name)
		w.Write([]byte(f.body))
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	chunk := bytes.Repeat([]byte("<c/>"), 1<<20) // 4 MB a chunk, compresses to almost nothing
	for range 40 {
		w.Write(chunk)
	}
	zw.Close()
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 2<<20 {
		t.Fatalf("the test bomb is %d bytes", buf.Len())
	}
	_, err := Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "zip bomb") {
		t.Errorf("a %d KB workbook unpacking to 160 MB: %v", buf.Len()>>10, err)
	}
}
