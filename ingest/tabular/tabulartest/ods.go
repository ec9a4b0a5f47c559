// SPDX-License-Identifier: EUPL-1.2

// Package tabulartest writes spreadsheet files for tests in the official
// layouts, as office suites write them.
package tabulartest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// Cell is a cell of an OpenDocument sheet: the text it shows, its value
// type and value (office:value, office:date-value or
// office:boolean-value), repeated Repeat times across (0 or 1: once).
type Cell struct {
	Text   string
	Type   string // "" (text), "float", "currency", "percentage", "date", "boolean"
	Value  string
	Repeat int
}

// S is a text cell.
func S(text string) Cell { return Cell{Text: text} }

// F is a number cell: its value and the text it shows ("£1,234.50").
func F(value, text string) Cell { return Cell{Type: "float", Value: value, Text: text} }

// D is a date cell: its value (2023-05-03) and the text it shows.
func D(value, text string) Cell { return Cell{Type: "date", Value: value, Text: text} }

// Sheet is a sheet: its rows, and the blank rows an office suite writes
// after them (one repeated row, a million or so).
type Sheet struct {
	Name      string
	Hidden    bool
	Rows      [][]Cell
	BlankRows int
	// RowRepeat repeats a row: its index → the number of times.
	RowRepeat map[int]int
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// ODS is an OpenDocument spreadsheet of the sheets: a zip archive whose
// first entry, stored, is its mimetype, with its content.xml and manifest.
func ODS(sheets ...Sheet) []byte { return ODSFile(Content(sheets...)) }

// Content is the content.xml of an OpenDocument spreadsheet of the sheets.
func Content(sheets ...Sheet) string {
	var c strings.Builder
	c.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
		`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
		`xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3">` + "\n" +
		`<office:automatic-styles>` +
		`<style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>` +
		`<style:style style:name="ta2" style:family="table" style:master-page-name="Default"><style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style>` +
		`</office:automatic-styles>` + "\n<office:body>\n<office:spreadsheet>\n")
	for _, sh := range sheets {
		style := "ta1"
		if sh.Hidden {
			style = "ta2"
		}
		fmt.Fprintf(&c, `<table:table table:name="%s" table:style-name="%s">`+"\n"+`<table:table-column table:number-columns-repeated="1024"/>`+"\n", esc(sh.Name), style)
		for i, row := range sh.Rows {
			if n := sh.RowRepeat[i]; n > 1 {
				fmt.Fprintf(&c, `<table:table-row table:number-rows-repeated="%d">`, n)
			} else {
				c.WriteString(`<table:table-row>`)
			}
			for _, cell := range row {
				c.WriteString(`<table:table-cell`)
				if cell.Repeat > 1 {
					fmt.Fprintf(&c, ` table:number-columns-repeated="%d"`, cell.Repeat)
				}
				switch cell.Type {
				case "":
					if cell.Text != "" {
						c.WriteString(` office:value-type="string" calcext:value-type="string"`)
					}
				case "date":
					fmt.Fprintf(&c, ` office:value-type="date" office:date-value="%s" calcext:value-type="date"`, esc(cell.Value))
				case "boolean":
					fmt.Fprintf(&c, ` office:value-type="boolean" office:boolean-value="%s" calcext:value-type="boolean"`, esc(cell.Value))
				default:
					fmt.Fprintf(&c, ` office:value-type="%s" office:value="%s" calcext:value-type="%s"`, cell.Type, esc(cell.Value), cell.Type)
				}
				if cell.Text == "" {
					c.WriteString(`/>`)
					continue
				}
				c.WriteString(`>`)
				for _, p := range strings.Split(cell.Text, "\n") {
					// Runs of spaces as text:s, as office suites write them.
					p = strings.ReplaceAll(esc(p), "  ", ` <text:s/>`)
					c.WriteString(`<text:p>` + p + `</text:p>`)
				}
				c.WriteString(`</table:table-cell>`)
			}
			c.WriteString(`<table:table-cell table:number-columns-repeated="1000"/></table:table-row>` + "\n")
		}
		if sh.BlankRows > 0 {
			fmt.Fprintf(&c, `<table:table-row table:number-rows-repeated="%d"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>`+"\n", sh.BlankRows)
		}
		c.WriteString("</table:table>\n")
	}
	c.WriteString("</office:spreadsheet>\n</office:body>\n</office:document-content>\n")
	return c.String()
}

// ODSFile is an OpenDocument spreadsheet with the content.xml given.
func ODSFile(content string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(content))
	w, _ = zw.Create("META-INF/manifest.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`))
	zw.Close()
	return buf.Bytes()
}
