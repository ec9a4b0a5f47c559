// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/enrich"
)

// importBatchesCommand lists a buyer's import batches: the history an
// undo picks from.
func (a *app) importBatchesCommand() *cobra.Command {
	var buyerID string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "batches --buyer ID [--json]",
		Short: "List a buyer's imported ledger and e-invoice files (batches), newest first",
		Long: `List the import batches of a buyer, newest first: id, kind (ledger, ehf),
file, when it was imported and by whom ("command line" for the CLI), the
rows read, loaded, rejected and duplicate, and the state: loaded, or
undone (when, by whom). An id is what 'cityspend import undo' takes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, buyer, err := a.openBuyer(ctx, buyerID, "")
			if err != nil {
				return err
			}
			defer st.Close()
			bs, err := st.Batches(ctx, buyer.ID)
			if err != nil {
				return err
			}
			if asJSON {
				if bs == nil {
					bs = []cityspend.ImportBatch{}
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(bs)
			}
			if len(bs) == 0 {
				fmt.Fprintf(a.stdout, "%s has no import batches yet (cityspend import ledger --buyer %s FILE)\n", buyer.ID, buyer.ID)
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tKIND\tFILE\tIMPORTED (UTC)\tBY\tREAD\tLOADED\tREJECTED\tDUPLICATE\tSTATE")
			for _, b := range bs {
				state := b.State
				if b.Undone() {
					state += " " + b.UndoneAt.UTC().Format("2006-01-02 15:04") + " by " + byName(b.UndoneBy)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", b.ID, b.Kind, b.FileName, b.FinishedAt.UTC().Format("2006-01-02 15:04"),
					byName(b.ImportedBy), b.RowsRead, b.RowsLoaded, b.RowsRejected, b.RowsDuplicate, state)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&buyerID, "buyer", "", "buyer id (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the batches as a JSON array")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

// byName is who did something, as the history shows it.
func byName(who string) string {
	if who == "" {
		return "command line"
	}
	return who
}

// importUndoCommand takes a batch out again.
func (a *app) importUndoCommand() *cobra.Command {
	var buyerID string
	var yes, asJSON bool
	cmd := &cobra.Command{
		Use:   "undo --buyer ID [--yes] BATCH",
		Short: "Undo an imported ledger or e-invoice file (a batch): its lines go, and the figures are computed again",
		Long: `Undo an import batch of a buyer (its id from 'cityspend import batches'):
in one transaction its lines and rejected rows go, with what exists only
because of them (items, payees, accounts and units no other line has, the
findings that cite its lines, its pending follow-up); then the payees,
scope and categories are decided again for the lines that remain, and the
findings computed again if the buyer had any. The figures are those from
before the file was imported. People's decisions (payee and category
decisions, category rules, decisions on findings) are kept. The batch stays
in the history as undone, with who and when, and the audit log names it.
The file can be imported again afterwards.

It asks for confirmation when run at a terminal; elsewhere (scripts, CI)
give --yes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usageError{fmt.Errorf("batch %q: give the batch's id (cityspend import batches --buyer ID lists them)", args[0])}
			}
			st, buyer, err := a.openBuyer(ctx, buyerID, importMemory)
			if err != nil {
				return err
			}
			defer st.Close()
			b, err := st.Batch(ctx, buyer.ID, id)
			if err != nil {
				return err
			}
			if !b.Undone() && !yes {
				if !a.stdinTerminal() {
					return usageError{fmt.Errorf("undoing batch %d (%s, %d lines) needs --yes when there is no terminal to ask", b.ID, b.FileName, b.RowsLoaded)}
				}
				if !a.ask(fmt.Sprintf("Undo batch %d of %s: %s %q, %d lines loaded %s? Its lines go and the figures are computed again.",
					b.ID, buyer.ID, b.Kind, b.FileName, b.RowsLoaded, b.FinishedAt.UTC().Format("2006-01-02 15:04 UTC"))) {
					return fmt.Errorf("not confirmed: batch %d is as it was", b.ID)
				}
			}
			by := cityspend.AuditEntry{At: time.Now().UTC(), Who: a.importer(), Via: "cli", Path: "cityspend import undo"}
			if a.shared != nil {
				by.Via = a.caller.Via
			}
			done, err := enrich.Undo(ctx, st, buyer.ID, id, by, a.log)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(done)
			}
			fmt.Fprintf(a.stdout, "undid batch %d (%s %q): its %d lines are out, and %s's figures are computed again\n",
				done.ID, done.Kind, done.FileName, done.RowsLoaded, buyer.ID)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	f.BoolVar(&yes, "yes", false, "do not ask for confirmation")
	f.BoolVar(&asJSON, "json", false, "print the undone batch as JSON")
	cmd.MarkFlagRequired("buyer")
	return cmd
}

// ask asks a yes-or-no question at the terminal; only yes is yes.
func (a *app) ask(question string) bool {
	fmt.Fprintf(a.stderr, "%s [y/N] ", question)
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return false
	}
	ans := strings.ToLower(strings.TrimSpace(line))
	return ans == "y" || ans == "yes"
}

// confirmUndo asks at the terminal, before an undo is sent to a server
// (which has no terminal to ask at), and says yes for the server; without
// a terminal the server asks for --yes.
func (a *app) confirmUndo(cmd *cobra.Command, args []string) error {
	if yes, _ := cmd.Flags().GetBool("yes"); yes || !a.stdinTerminal() || len(args) != 1 {
		return nil
	}
	buyer, _ := cmd.Flags().GetString("buyer")
	if !a.ask(fmt.Sprintf("Undo batch %s of %s (cityspend import batches --buyer %s lists it)? Its lines go and the figures are computed again.", args[0], buyer, buyer)) {
		return fmt.Errorf("not confirmed: batch %s is as it was", args[0])
	}
	return cmd.Flags().Set("yes", "true")
}

// stdinTerminal reports whether standard input is a terminal, where a
// command may ask.
func (a *app) stdinTerminal() bool {
	f, ok := a.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
