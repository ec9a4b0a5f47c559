// SPDX-License-Identifier: EUPL-1.2

package i18n

// Classification: the rules' names and the reasons a classified line
// carries, rendered in the reader's language (classify.Render). A reason's
// clauses are joined with "; "; %s are codes with their labels, texts of
// the line, patterns, names, dates and figures; a code is named
// "CPV <code> <label>" (classify.CodeName), so no message says "CPV" itself.
func init() {
	add(map[string]struct{ en, nb string }{
		"rule.supplier_profile": {"the supplier's usual category in this ledger", "leverandørens vanlige kategori i dette regnskapet"},

		"cls.and":                 {" and ", " og "},
		"cls.src.description":     {"the description", "beskrivelsen"},
		"cls.src.account_text":    {"the account's name", "kontoens navn"},
		"cls.src.supplier_name":   {"the supplier's name", "leverandørens navn"},
		"cls.src.unit":            {"the service area", "tjenesteområdet"},
		"cls.why.decided":         {"decided by %s on %s: %s", "bestemt av %s %s: %s"},
		"cls.why.line_cpv":        {"the invoice line carries %s", "fakturalinjen har %s"},
		"cls.why.contract":        {"paid under contract %s (by its reference), whose code is %s", "betalt under avtale %s (etter referansen), som har koden %s"},
		"cls.why.keyword":         {"%s matches \"%s\" (shipped keyword rule): %s", "%s inneholder «%s» (medfølgende nøkkelordregel): %s"},
		"cls.why.own_keyword":     {"%s matches \"%s\" (the buyer's keyword rule): %s", "%s inneholder «%s» (oppdragsgiverens egen nøkkelordregel): %s"},
		"cls.why.finer":           {"%s names the finer %s", "%s angir den finere %s"},
		"cls.why.service_on":      {"%s names a service on those goods: %s", "%s angir en tjeneste på disse varene: %s"},
		"cls.why.trade":           {"the supplier's trade decides: %s", "leverandørens fag avgjør: %s"},
		"cls.why.agree":           {"%s agree", "%s stemmer overens"},
		"cls.why.disagree":        {"but %s suggests %s", "men %s tyder på %s"},
		"cls.why.learned":         {"learned from a decision: %s put lines with this description as %s on %s (%s)", "lært av en beslutning: %s plasserte linjer med denne beskrivelsen i %s %s (%s)"},
		"cls.why.history":         {"the supplier's confirmed lines are %s", "leverandørens bekreftede linjer er %s"},
		"cls.why.generic":         {"the line's texts are generic", "linjens tekster er generelle"},
		"cls.why.generic_account": {"the account's name \"%s\" is generic", "kontoens navn «%s» er generelt"},
		"cls.why.profile": {"the supplier's other lines in this ledger are mostly %s (%s %% of the spend classified with confidence on %s of its lines)",
			"leverandørens andre linjer i dette regnskapet er for det meste %s (%s %% av beløpet som er klassifisert med sikkerhet, på %s av linjene)"},
		"cls.why.own_rule":          {"the buyer's rule: %s", "oppdragsgiverens regel: %s"},
		"cls.why.kostra":            {"KOSTRA art %s: %s", "KOSTRA-art %s: %s"},
		"cls.why.nace":              {"suppliers in NACE %s usually sell %s", "leverandører i NACE %s selger vanligvis %s"},
		"cls.why.account":           {"account %s: %s", "konto %s: %s"},
		"cls.why.fits_industry":     {"the account says %s; the description fits the industry better", "kontoen sier %s; beskrivelsen passer bedre med bransjen"},
		"cls.why.industry_suggests": {"the supplier's industry suggests %s", "leverandørens bransje tyder på %s"},
		"cls.why.points_to":         {"the description points to %s", "beskrivelsen peker på %s"},
		"cls.why.model":             {"the text model reads the description as %s (%s %%)", "tekstmodellen leser beskrivelsen som %s (%s %%)"},
		"cls.why.model_learned":     {"having learned from %s of the buyer's decisions", "etter å ha lært av %s av oppdragsgiverens beslutninger"},
		"cls.why.labels":            {"%s reads like the official label of %s (%s %%)", "%s ligner den offisielle betegnelsen for %s (%s %%)"},
		"cls.why.none":              {"no rule applies and the text model is not sure", "ingen regel passer, og tekstmodellen er ikke sikker"},
	})
}
