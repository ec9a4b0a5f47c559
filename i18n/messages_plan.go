// SPDX-License-Identifier: EUPL-1.2

package i18n

// The procurement plan's procedures, regimes and milestone states (issue 19).
func init() {
	add(map[string]struct{ en, nb string }{
		"plan.proc.procedure-below-threshold":         {"competition under the national rules (below the notice thresholds)", "konkurranse etter nasjonale regler (under kunngjøringsterskelen)"},
		"plan.proc.procedure-open":                    {"open procedure", "åpen anbudskonkurranse"},
		"plan.proc.procedure-restricted":              {"restricted procedure", "begrenset anbudskonkurranse"},
		"plan.proc.procedure-negotiated":              {"competitive procedure with negotiation", "konkurranse med forhandling"},
		"plan.proc.procedure-competitive-dialogue":    {"competitive dialogue", "konkurransepreget dialog"},
		"plan.proc.procedure-innovation-partnership":  {"innovation partnership", "innovasjonspartnerskap"},
		"plan.proc.procedure-pre-commercial":          {"pre-commercial procurement (PCP)", "førkommersiell anskaffelse (FKA)"},
		"plan.proc.procedure-competitive-flexible-uk": {"competitive flexible procedure", "konkurransepreget fleksibel prosedyre (UK)"},
		"plan.proc.procedure-light-regime":            {"procedure under the light regime", "prosedyre for særlige tjenester"},
		"plan.proc.none":                              {"no competition: exempt", "ingen konkurranse: unntatt"},
		"plan.regime.threshold-no-floor":              {"below the regulations' floor", "under forskriftens nedre grense"},
		"plan.regime.threshold-no-national":           {"Norway, national rules (part I/II)", "Norge, nasjonale regler (del I/II)"},
		"plan.regime.threshold-no-eea":                {"Norway, EEA rules (part III)", "Norge, EØS-regler (del III)"},
		"plan.regime.threshold-eu":                    {"EU directive thresholds", "EUs terskelverdier"},
		"plan.regime.threshold-uk":                    {"UK Procurement Act thresholds", "Storbritannias terskelverdier"},
		"plan.regime.light-regime-no":                 {"light regime (særlige tjenester)", "særlige tjenester"},
		"plan.regime.light-regime-eu":                 {"light regime (social and other specific services)", "lettere regime (sosiale og andre særlige tjenester)"},
		"plan.regime.light-touch-uk":                  {"light touch contract", "light touch-kontrakt (UK)"},
		"plan.regime":                                 {"Regime", "Regelverk"},
		"notice.procedure":                            {"Planned procedure: %s (eForms %s).", "Planlagt prosedyre: %s (eForms %s)."},
		"plan.procedure":                              {"Procedure", "Prosedyre"},
		"plan.handbook":                               {"handbook", "håndbok"},
		"plan.exemption":                              {"Exemption", "Unntak"},
		"plan.ms.planned":                             {"planned", "planlagt"},
		"plan.ms.done":                                {"done", "utført"},
		"plan.ms.late":                                {"late", "forsinket"},
		"plan.action.renew_exempt":                    {"renew without competition (exempt)", "fornyes uten konkurranse (unntatt)"},
		"plan.lots":                                   {"lots", "delkontrakter"},
		// A plan item's history: the fields the edit form has no label for,
		// and a yes or no field's value.
		"plan.field.created":   {"created", "opprettet"},
		"plan.field.cpv":       {"CPV codes", "CPV-koder"},
		"plan.field.threshold": {"threshold", "terskelverdi"},
		"plan.yes":             {"yes", "ja"},
		"plan.no":              {"no", "nei"},
	})
}
