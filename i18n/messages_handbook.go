// SPDX-License-Identifier: EUPL-1.2

package i18n

// The legal handbook's messages (web/handbook.go and its templates).
func init() {
	add(map[string]struct{ en, nb string }{
		"hb.nav":   {"Legal handbook", "Juridisk håndbok"},
		"hb.title": {"Legal handbook for public procurement", "Juridisk håndbok for offentlige anskaffelser"},
		"hb.intro": {"The thresholds, regimes, procedures and exemptions cityspend's findings and plans rest on, in plain language, each with its sources; and guidance on innovation procedures, social and green criteria, joint procurement, market dialogue and lots.",
			"Terskelverdiene, regimene, prosedyrene og unntakene som funnene og planene i cityspend bygger på, i klart språk og med kildene; og veiledning om innovative prosedyrer, sosiale hensyn og klima- og miljøhensyn, felles anskaffelser, markedsdialog og delkontrakter."},
		"hb.disclaimer": {"This handbook is guidance written by the cityspend project, not legal advice: read the cited sources before you decide.",
			"Denne håndboken er veiledning skrevet av cityspend-prosjektet, ikke juridisk rådgivning: les kildene det vises til før du bestemmer deg."},
		"hb.search":         {"Search the handbook", "Søk i håndboken"},
		"hb.search-button":  {"Search", "Søk"},
		"hb.results":        {"%d pages found for “%s”", "%d sider funnet for «%s»"},
		"hb.no-results":     {"No page holds every word of “%s”. Try fewer or other words.", "Ingen side inneholder alle ordene i «%s». Prøv færre eller andre ord."},
		"hb.all":            {"All pages of the handbook", "Alle sidene i håndboken"},
		"hb.sources":        {"Sources", "Kilder"},
		"hb.related":        {"See also", "Se også"},
		"hb.valid-from":     {"As in force from %s.", "Slik reglene gjelder fra %s."},
		"hb.changes":        {"Changes", "Endringer"},
		"hb.json":           {"This page as JSON", "Denne siden som JSON"},
		"hb.missing-title":  {"No such page in the handbook", "Siden finnes ikke i håndboken"},
		"hb.missing":        {"The handbook has no page “%s”.", "Håndboken har ingen side «%s»."},
		"hb.suggest":        {"Perhaps one of these:", "Kanskje en av disse:"},
		"hb.kind.regime":    {"Thresholds and regimes", "Terskelverdier og regimer"},
		"hb.kind.rule":      {"Rules", "Regler"},
		"hb.kind.procedure": {"Procedures", "Prosedyrer"},
		"hb.kind.exemption": {"Exemptions", "Unntak"},
		"hb.kind.guidance":  {"Guidance", "Veiledning"},
		"hb.where.NO":       {"Norway", "Norge"},
		"hb.where.EU":       {"EU and EEA", "EU og EØS"},
		"hb.where.UK":       {"United Kingdom", "Storbritannia"},
	})
}
