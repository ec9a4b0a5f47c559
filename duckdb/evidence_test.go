// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"fmt"
	"testing"

	"github.com/cityspend/cityspend"
)

// Lines read by id (a finding's evidence): the lines asked for, of the
// buyers asked for, in date order; ids no line has, or written otherwise
// than the store writes them, give nothing; an id that is no batch:line
// is invalid.
func TestPaymentsByID(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	var rs []cityspend.ImportRow
	for i := range 40 {
		// Dates that run against the line numbers.
		r := pay(i+2, uint64(i+1), fmt.Sprintf("Supplier %d", i%4), cityspend.Amount(100*(i+1)), fmt.Sprintf("2025-%02d-%02d", 12-i%12, 28-i%20))
		r.Payment.Description = fmt.Sprintf("line %d", i+2)
		rs = append(rs, r)
	}
	b := importRows(t, db, false, rs...)
	id := func(line int) string { return fmt.Sprintf("%d:%d", b.ID, line) }
	got, err := db.PaymentsByID(ctx, []string{"3909"}, []string{id(30), id(3), id(17), id(41), id(2), id(999), "999999:3",
		fmt.Sprintf("0%d:5", b.ID), id(17)})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{30, 3, 17, 41, 2}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(got), len(want), got)
	}
	seen := map[int]bool{}
	for i, p := range got {
		if p.Description != fmt.Sprintf("line %d", p.Line) || p.BatchID != b.ID || p.SourceFile != "f.csv" || p.Supplier.Name == "" {
			t.Errorf("line %d: %+v", i, p)
		}
		if i > 0 && p.PaymentDate.Before(got[i-1].PaymentDate) {
			t.Errorf("line %d (%s) after line %d (%s): not in date order", p.Line, p.PaymentDate, got[i-1].Line, got[i-1].PaymentDate)
		}
		seen[p.Line] = true
	}
	for _, l := range want {
		if !seen[l] {
			t.Errorf("line %d missing", l)
		}
	}
	if got, err := db.PaymentsByID(ctx, []string{"0301"}, []string{id(3)}); err != nil || len(got) != 0 {
		t.Errorf("another buyer's line: %+v %v", got, err)
	}
	if _, err := db.PaymentsByID(ctx, []string{"3909"}, []string{"3"}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("an id without a batch: %v", err)
	}
}

// Line ids become (batch, line) pairs whichever store path reads them:
// an id not written as the store writes it names no line, and one that
// is no batch:line is invalid.
func TestLineKeys(t *testing.T) {
	keys, args, err := lineKeys([]string{"12:3", "012:3", "12:+3", "-1:2", "12:99999999999", "x:1", "7:0"})
	if err != nil {
		t.Fatal(err)
	}
	if keys != "(?, ?), (?, ?), (?, ?)" || fmt.Sprint(args) != "[12 3 -1 2 7 0]" {
		t.Errorf("keys %q, args %v", keys, args)
	}
	if keys, _, err := lineKeys([]string{"012:3"}); err != nil || keys != "" {
		t.Errorf("no id left: %q %v", keys, err)
	}
	if _, _, err := lineKeys([]string{"12:3", "3"}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("an id without a batch: %v", err)
	}
}
