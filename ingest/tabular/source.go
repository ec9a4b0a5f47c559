// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// Source is a data file as registers and statistics offices publish it:
// plain, gzipped, or the one data member of a zip archive. Reading it
// gives the decompressed content.
type Source struct {
	io.Reader
	// Name is the file's name, with the member's for a zip archive
	// ("BasicCompanyData.zip:BasicCompanyData.csv").
	Name string
	// Compression is "", "gzip" or "zip".
	Compression string

	f      *os.File
	file   *countingReader // the file's bytes (plain and gzip)
	member *countingReader // the member's bytes (zip)
	closer []io.Closer
	size   int64
}

// OpenSource opens a file, decompressing a gzip file, or the one member
// of a zip archive that is not a folder or system file (or the one with
// the extension given, when several are). An XLSX workbook is refused: it
// is read with Open.
func OpenSource(p string, exts ...string) (*Source, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	s := &Source{Name: path.Base(p), f: f, size: st.Size(), closer: []io.Closer{f}}
	s.file = &countingReader{r: f}
	br := bufio.NewReaderSize(s.file, 1<<20)
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		gz, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("not a readable gzip file: %w", err)
		}
		s.Reader, s.Compression = gz, "gzip"
		s.closer = append(s.closer, gz)
	case string(magic) == "PK\x03\x04":
		zr, err := zip.NewReader(f, st.Size())
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("not a readable zip archive: %w", err)
		}
		m, err := member(zr, exts)
		if err != nil {
			f.Close()
			return nil, err
		}
		rc, err := m.Open()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s in the archive: %w", m.Name, err)
		}
		s.member = &countingReader{r: rc}
		s.Reader, s.Compression, s.size = s.member, "zip", int64(m.UncompressedSize64)
		s.Name += ":" + m.Name
		s.closer = append(s.closer, rc)
	default:
		s.Reader = br
	}
	return s, nil
}

// member picks the data member of an archive.
func member(zr *zip.Reader, exts []string) (*zip.File, error) {
	var files, matching []*zip.File
	for _, m := range zr.File {
		base := path.Base(m.Name)
		if m.FileInfo().IsDir() || strings.HasPrefix(m.Name, "__MACOSX/") || strings.HasPrefix(base, ".") {
			continue
		}
		if m.Name == "[Content_Types].xml" {
			return nil, errors.New("this is an XLSX workbook, not an archive of a data file")
		}
		files = append(files, m)
		for _, e := range exts {
			if strings.HasSuffix(strings.ToLower(base), e) {
				matching = append(matching, m)
			}
		}
	}
	switch {
	case len(files) == 1:
		return files[0], nil
	case len(matching) == 1:
		return matching[0], nil
	case len(files) == 0:
		return nil, errors.New("the zip archive is empty")
	}
	var names []string
	for _, m := range files {
		names = append(names, m.Name)
	}
	return nil, fmt.Errorf("the zip archive holds several files (%s): unpack the one to import", strings.Join(names, ", "))
}

// Progress returns how much of the file has been read and its size: bytes
// of the file (plain or gzipped) or of the archive's member.
func (s *Source) Progress() (done, total int64) {
	if s.member != nil {
		return s.member.n.Load(), s.size
	}
	return s.file.n.Load(), s.size
}

// Close releases the file.
func (s *Source) Close() error {
	var errs []error
	for i := len(s.closer) - 1; i >= 0; i-- {
		errs = append(errs, s.closer[i].Close())
	}
	return errors.Join(errs...)
}

// CSV reads the source as delimited text (see OpenCSV); Done and Total
// are then the source's Progress. Closing the table closes the source.
func (s *Source) CSV(opts Options) (*Table, error) {
	t, err := newCSVTable(io.NopCloser(s.Reader), s.size, opts)
	if err != nil {
		s.Close()
		return nil, err
	}
	t.progress = func() int64 { done, _ := s.Progress(); return done }
	t.f = s
	return &Table{Format: "csv", Encoding: t.enc, Separator: t.sep, csv: t}, nil
}

// Named reads the source as delimited text with a header (see OpenNamed).
func (s *Source) Named(opts Options, l Layout) (*Named, error) {
	t, err := s.CSV(opts)
	if err != nil {
		return nil, err
	}
	n, err := readHeader(t, s.Name, l)
	if err != nil {
		t.Close()
		return nil, err
	}
	return n, nil
}

// FirstByte skips white space and a UTF-8 byte-order mark at the start of
// br and returns the first other byte without consuming it: '{' or '['
// for JSON, else text. An empty file is an error.
func FirstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if err != nil {
			if err == io.EOF {
				return 0, errors.New("the file is empty")
			}
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.ReadByte()
		case 0xEF: // UTF-8 BOM
			br.Discard(3)
		default:
			return b[0], nil
		}
	}
}
