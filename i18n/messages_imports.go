// SPDX-License-Identifier: EUPL-1.2

package i18n

// The history of a buyer's imports and the undo of a batch (issue 21).
func init() {
	add(map[string]struct{ en, nb string }{
		"navg.data":   {"Data", "Data"},
		"nav.imports": {"Imports", "Importer"},
		"imp.intro": {"Every ledger and e-invoice file imported for this buyer, newest first. Undoing a file takes its lines out again and computes every figure anew from the lines that remain; people's decisions (suppliers, categories, findings) are kept.",
			"Alle regnskaps- og e-fakturafiler som er importert for denne oppdragsgiveren, nyeste først. Å angre en fil tar linjene ut igjen og regner ut alle tall på nytt fra linjene som er igjen; beslutninger folk har tatt (leverandører, kategorier, funn) beholdes."},
		"imp.none":         {"No files have been imported for this buyer yet.", "Ingen filer er importert for denne oppdragsgiveren ennå."},
		"imp.id":           {"Batch", "Parti"},
		"imp.kind":         {"Kind", "Type"},
		"imp.kind.ledger":  {"ledger", "regnskap"},
		"imp.kind.ehf":     {"e-invoice", "e-faktura"},
		"imp.file":         {"File", "Fil"},
		"imp.when":         {"Imported", "Importert"},
		"imp.by":           {"By", "Av"},
		"imp.cli":          {"command line", "kommandolinjen"},
		"imp.cli.file":     {"FILE", "FIL"}, // the file argument of an import command shown on a page
		"imp.read":         {"Read", "Lest"},
		"imp.loaded":       {"Loaded", "Lastet"},
		"imp.rejected":     {"Rejected", "Avvist"},
		"imp.duplicate":    {"Duplicates", "Duplikater"},
		"imp.amount":       {"Amount loaded", "Beløp lastet"},
		"imp.state":        {"State", "Status"},
		"imp.loaded.state": {"loaded", "lastet"},
		"imp.undone.state": {"undone", "angret"},
		"imp.undone.by":    {"%s by %s", "%s av %s"},
		"imp.rejects":      {"Rejected rows (CSV)", "Avviste rader (CSV)"},
		"imp.undo":         {"Undo", "Angre"},
		"imp.undo.title":   {"Undo the import of %s", "Angre importen av %s"},
		"imp.undo.confirm": {"The %s lines of %s (batch %d, imported %s, %s) will be taken out of %s's ledger, with the rows rejected from it, and every figure — indicators, categories, findings — computed again from the lines that remain. The batch stays in the history as undone, and the audit log names you. The file can be imported again afterwards.",
			"De %s linjene i %s (parti %d, importert %s, %s) tas ut av regnskapet til %s, med radene som ble avvist fra den, og alle tall – indikatorer, kategorier, funn – regnes ut på nytt fra linjene som er igjen. Partiet står i historikken som angret, og revisjonsloggen nevner deg. Filen kan importeres igjen etterpå."},
		"imp.undo.do":   {"Undo the import", "Angre importen"},
		"imp.undo.keep": {"Keep it", "Behold den"},
		"imp.undo.done": {"The import of %s (batch %d) was undone: its %s lines are out, and the figures are computed anew.",
			"Importen av %s (parti %d) er angret: de %s linjene er tatt ut, og tallene er regnet ut på nytt."},
		"imp.undo.cli": {"From the command line: cityspend import batches --buyer %s, and cityspend import undo --buyer %s BATCH.",
			"Fra kommandolinjen: cityspend import batches --buyer %s, og cityspend import undo --buyer %s PARTI."},
		"imp.col.line":   {"Line", "Linje"},
		"imp.col.field":  {"Field", "Felt"},
		"imp.col.reason": {"Reason", "Årsak"},
		"imp.col.raw":    {"Row as read", "Raden slik den ble lest"},
	})
}
