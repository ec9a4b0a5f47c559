// SPDX-License-Identifier: EUPL-1.2

package i18n

// The broker's matches, as the supplier and the buyer's staff read them,
// and the buyer's market-development view.
func init() {
	add(map[string]struct{ en, nb string }{
		"match.level.strong":   {"Strong match", "Sterkt treff"},
		"match.level.good":     {"Good match", "Godt treff"},
		"match.level.possible": {"Possible match", "Mulig treff"},
		"match.a-buyer":        {"a buyer", "en oppdragsgiver"},
		"match.and":            {"and", "og"},
		"jp.elsewhere": {"The other buyers of this opportunity plan on other installations or publish elsewhere: reach them through their published plans (the links).",
			"De andre oppdragsgiverne i denne muligheten planlegger på andre installasjoner eller publiserer andre steder: nå dem gjennom planene de har publisert (lenkene)."},

		// To the supplier itself.
		"match.you.history":       {"You have supplied %[1]s with %[2]s (%[3]s).", "Dere har levert %[2]s til %[1]s (%[3]s)."},
		"match.you.category-same": {"This is a need of %[1]s in %[2]s, your own category.", "Dette er et behov hos %[1]s innen %[2]s, deres egen kategori."},
		"match.you.category":      {"This is a need of %[1]s in %[2]s; you work in %[3]s.", "Dette er et behov hos %[1]s innen %[2]s; dere arbeider innen %[3]s."},
		"match.you.industry":      {"Your industry (NACE %[1]s) is the need's (NACE %[2]s).", "Næringen deres (NACE %[1]s) er behovets (NACE %[2]s)."},
		"match.you.words":         {"Your profile speaks of %s, as the need does.", "Profilen deres nevner %s, som behovet gjør."},
		"match.you.turnover":      {"your yearly turnover (%s)", "den årlige omsetningen deres (%s)"},
		"match.you.capacity": {"The need is worth about %[1]s a year, more than %[2]s: you may take part as a subcontractor, or bid together with others.",
			"Behovet er verdt om lag %[1]s i året, mer enn %[2]s: dere kan delta som underleverandør, eller gi tilbud sammen med andre."},

		// To the buyer's staff.
		"match.it.history":       {"Has supplied %[1]s with %[2]s (%[3]s)", "Har levert %[2]s til %[1]s (%[3]s)"},
		"match.it.category-same": {"Works in %[2]s, the category of the need of %[1]s", "Arbeider innen %[2]s, kategorien til behovet hos %[1]s"},
		"match.it.category":      {"Works in %[3]s; the need of %[1]s is in %[2]s", "Arbeider innen %[3]s; behovet hos %[1]s er innen %[2]s"},
		"match.it.industry":      {"Its industry (NACE %[1]s) is the need's (NACE %[2]s)", "Næringen (NACE %[1]s) er behovets (NACE %[2]s)"},
		"match.it.words":         {"Its profile speaks of %s, as the need does", "Profilen nevner %s, som behovet gjør"},
		"match.it.turnover":      {"its yearly turnover (%s)", "den årlige omsetningen (%s)"},
		"match.it.capacity": {"The need is worth about %[1]s a year, more than %[2]s: likely a subcontractor or a partner in a joint bid",
			"Behovet er verdt om lag %[1]s i året, mer enn %[2]s: trolig underleverandør eller partner i et felles tilbud"},
		"match.it.registered": {"Registered here as a supplier", "Registrert her som leverandør"},
		"match.staff":         {"a firm of %d employees usually turns over", "et firma med %d ansatte vanligvis omsetter for"},
		"match.staff-upto":    {"a firm of up to %d employees usually turns over", "et firma med opptil %d ansatte vanligvis omsetter for"},

		// The pages.
		"match.intro": {"Suppliers that fit the need — registered ones and those known from the ledgers — by their categories, what they say they do and what they have supplied. Where a supplier is and how big it is play no part (equal treatment); a need larger than a supplier is likely to carry alone ranks it lower, and says so.",
			"Leverandører som passer behovet – registrerte og de som er kjent fra regnskapene – etter kategoriene deres, hva de sier de gjør og hva de har levert. Hvor en leverandør holder til og hvor stor den er, teller ikke (likebehandling); et behov som er større enn en leverandør trolig kan bære alene, rangerer den lavere og sier det."},
		"match.col-level":      {"Match", "Treff"},
		"match.partner":        {"as a partner", "som partner"},
		"match.col-value":      {"Estimated value", "Anslått verdi"},
		"match.col-kind":       {"Kind", "Type"},
		"match.kind.challenge": {"Challenge", "Utfordring"},
		"match.kind.plan_item": {"Planned procurement", "Planlagt anskaffelse"},
		"match.you-intro": {"Open challenges and published planned procurements of every buyer that fit your profile. Every supplier that fits is shown the same opportunities, wherever it is and whatever its size.",
			"Åpne utfordringer og publiserte planlagte anskaffelser hos alle oppdragsgivere som passer profilen deres. Alle leverandører som passer, ser de samme mulighetene, uansett hvor de holder til og hvor store de er."},

		// The market-development view (the buyer's staff).
		"match.md.title": {"Market development (analysis for the buyer's staff)", "Markedsutvikling (analyse for oppdragsgiverens ansatte)"},
		"match.md.intro": {"Where local or small suppliers could be encouraged to bid, and lots an SME could carry. Shown to the buyer's staff only; it never changes who is told of the need or how suppliers rank.",
			"Hvor lokale eller små leverandører kan oppmuntres til å gi tilbud, og delkontrakter en SMB kan bære. Vises bare for oppdragsgiverens ansatte; det endrer aldri hvem som får vite om behovet eller hvordan leverandørene rangeres."},
		"match.md.fitting":        {"Suppliers that fit", "Leverandører som passer"},
		"match.md.local":          {"In the municipality", "I kommunen"},
		"match.md.county":         {"Elsewhere in the county", "Ellers i fylket"},
		"match.md.sme":            {"SMEs (micro, small, medium)", "SMB (mikro, små, mellomstore)"},
		"match.md.size-unknown":   {"Size unknown", "Ukjent størrelse"},
		"match.md.partners":       {"Likely partners (the need is larger than they carry alone)", "Trolig partnere (behovet er større enn de bærer alene)"},
		"match.md.lots":           {"Lots an SME could carry: about %[1]d lots of %[2]s a year each.", "Delkontrakter en SMB kan bære: om lag %[1]d delkontrakter på %[2]s i året hver."},
		"match.md.lots-one":       {"The need, about %s a year, is within what an SME could carry in one contract.", "Behovet, om lag %s i året, er innenfor det en SMB kan bære i én kontrakt."},
		"match.md.no-value":       {"The need has no value yet: give it a budget to size its lots.", "Behovet har ingen verdi ennå: gi det et budsjett for å dimensjonere delkontraktene."},
		"match.md.encourage":      {"Local and small suppliers that fit (to tell of the market dialogue, as every other supplier that fits is told)", "Lokale og små leverandører som passer (å fortelle om markedsdialogen, slik alle andre som passer får vite om den)"},
		"match.md.lots-guide":     {"Lots and SMEs in the handbook", "Delkontrakter og SMB i håndboken"},
		"match.md.dialogue-guide": {"Market dialogue in the handbook", "Markedsdialog i håndboken"},

		// A challenge's maturity sought and its partner buyers' roles.
		"ch.maturity.idea":         {"idea", "idé"},
		"ch.maturity.prototype":    {"prototype", "prototyp"},
		"ch.maturity.pilot":        {"pilot", "pilot"},
		"ch.maturity.market-ready": {"market-ready", "markedsklar"},
		"ch.partner.observer":      {"observer", "observatør"},
		"ch.partner.co-buyer":      {"co-buyer", "medinnkjøper"},
		"ch.partners.hint":         {"municipality number:role, e.g.", "kommunenummer:rolle, f.eks."},
	})
}
