// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bytes"
	"context"

	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/cityspend/cityspend"
)

// openPTY opens a pseudo-terminal: what is written to its master is read
// from the terminal, as typed.
func openPTY(t *testing.T) (master, term *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("no pseudo-terminal: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("no pseudo-terminal: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return m, s
}

// `cityspend import undo` at a terminal beside a running server asks here,
// before the command goes to the server (which has no terminal to ask at
// and would want --yes): yes undoes the batch, anything else leaves it.
func TestUndoAsksBeforeTheServer(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "u.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	ledger := filepath.Join(dir, "l.csv")
	mustCLI(t, "gen", "ledger", "--seed", "83", "--lines", "200", "--year", "2025", "-o", ledger)
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-classify", ledger)
	batch := func() cityspend.ImportBatch {
		t.Helper()
		var bs []cityspend.ImportBatch
		decodeJSON(t, mustCLI(t, "import", "batches", "--db", db, "--buyer", "3909", "--json"), &bs)
		if len(bs) != 1 {
			t.Fatalf("batches: %+v", bs)
		}
		return bs[0]
	}
	id := strconv.FormatInt(batch().ID, 10)
	startServer(t, "--db", db)

	for _, answer := range []string{"n", "y"} {
		master, term := openPTY(t)
		if _, err := master.WriteString(answer + "\n"); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		a := &app{stdin: term, stdout: &out, stderr: &errb}
		code := a.execute(context.Background(), []string{"import", "undo", "--db", db, "--buyer", "3909", id})
		b := batch()
		switch answer {
		case "n":
			if code != 1 || b.Undone() || !strings.Contains(errb.String(), "[y/N]") || !strings.Contains(errb.String(), "not confirmed") {
				t.Errorf("undo answered no: %d, %s; %s %s", code, b.State, out.String(), errb.String())
			}
		case "y":
			if code != 0 || !b.Undone() {
				t.Errorf("undo answered yes: %d, %s; %s %s", code, b.State, out.String(), errb.String())
			}
		}
	}
}
