// SPDX-License-Identifier: EUPL-1.2

package i18n

// The suppliers' alerts: the form on the firm's page, the digest e-mail
// (in the language the alert was saved in) and the unsubscribe page.
func init() {
	add(map[string]struct{ en, nb string }{
		"alerts.title": {"E-mail alerts", "Varsler på e-post"},
		"alerts.intro": {"Get an e-mail when new public opportunities match your interests: published pipeline items, challenges, market dialogues, events, and contracts in your categories that end soon. Fill in what you follow; every field you fill in must match, and any value in a field does. Nothing is sent when nothing new matches.",
			"Få en e-post når nye offentlige muligheter passer interessene deres: publiserte planlagte anskaffelser, utfordringer, markedsdialoger, arrangementer og kontrakter i kategoriene deres som snart løper ut. Fyll inn det dere følger med på; hvert felt dere fyller inn må passe, og én verdi i feltet er nok. Det sendes ingenting når ingenting nytt passer."},
		"alerts.cpv":              {"CPV codes or their first digits (45, 4521, 90911200-8)", "CPV-koder eller de første sifrene (45, 4521, 90911200-8)"},
		"alerts.buyers":           {"Buyers (ids, such as 3909)", "Oppdragsgivere (id, for eksempel 3909)"},
		"alerts.places":           {"Places (municipality numbers or names, comma-separated)", "Steder (kommunenummer eller navn, skilt med komma)"},
		"alerts.min":              {"Smallest value", "Minste verdi"},
		"alerts.max":              {"Largest value", "Største verdi"},
		"alerts.save":             {"Save alerts", "Lagre varsler"},
		"alerts.saved":            {"Your alerts are saved: the digest comes in the language of this page.", "Varslene er lagret: sammendraget kommer på språket til denne siden."},
		"alerts.off":              {"You unsubscribed from these alerts: save them to start them again.", "Dere har meldt dere av disse varslene: lagre dem for å starte dem igjen."},
		"alerts.unsubscribe":      {"Unsubscribe", "Meld av"},
		"alerts.unsubscribe-ask":  {"Stop the alert e-mails? You can start them again by saving your alerts on your firm's page.", "Vil du stoppe varslene på e-post? Du kan starte dem igjen ved å lagre varslene på firmasiden."},
		"alerts.unsubscribe-keep": {"Keep them", "Behold dem"},
		"alerts.unsubscribed":     {"Unsubscribed", "Avmeldt"},
		"alerts.unsubscribed-text": {"You will get no more alert e-mails. To start them again, save your alerts on your firm's page.",
			"Du får ikke flere varsler på e-post. Vil du ha dem igjen, lagrer du varslene på firmasiden."},
		"alerts.mail.subject":     {"cityspend: %d new opportunities for you", "cityspend: %d nye muligheter for dere"},
		"alerts.mail.subject-one": {"cityspend: a new opportunity for you", "cityspend: en ny mulighet for dere"},
		"alerts.mail.intro-one":   {"A new public opportunity matches your alerts:", "En ny offentlig mulighet passer varslene deres:"},
		"alerts.mail.hello":       {"Hello %s,", "Hei %s,"},
		"alerts.mail.intro":       {"%d new public opportunities match your alerts:", "%d nye offentlige muligheter passer varslene deres:"},
		"alerts.mail.change":      {"Change what you follow: %s", "Endre hva dere følger med på: %s"},
		"alerts.mail.unsubscribe": {"Unsubscribe from these e-mails (no login): %s",
			"Meld deg av disse e-postene (uten innlogging): %s"},
		"alerts.kind.pipeline":  {"Planned procurements", "Planlagte anskaffelser"},
		"alerts.kind.challenge": {"Challenges", "Utfordringer"},
		"alerts.kind.dialogue":  {"Market dialogues and consultations", "Markedsdialoger og høringer"},
		"alerts.kind.event":     {"Events", "Arrangementer"},
		"alerts.kind.expiring":  {"Contracts in your categories ending within %d months", "Kontrakter i kategoriene deres som løper ut innen %d måneder"},
		"alerts.date.pipeline":  {"notice %s", "kunngjøring %s"},
		"alerts.date.challenge": {"deadline %s", "frist %s"},
		"alerts.date.dialogue":  {"dialogue %s", "dialog %s"},
		"alerts.date.event":     {"starts %s", "starter %s"},
		"alerts.date.expiring":  {"ends %s", "løper ut %s"},
		"alerts.suppliers":      {"now: %s", "nå: %s"},
	})
}
