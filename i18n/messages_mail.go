// SPDX-License-Identifier: EUPL-1.2

package i18n

// E-mails, in the language of the page that caused them (registration, an
// invitation) or of the buyer's country (a challenge's news).
func init() {
	add(map[string]struct{ en, nb string }{
		"mail.confirm.subject": {"Confirm your e-mail address for cityspend", "Bekreft e-postadressen din for cityspend"},
		"mail.confirm.body": {"Hello %s,\n\nconfirm your e-mail address to log in as a user of %s:\n\n%s\n\nIf you did not register, ignore this message.\n",
			"Hei %s,\n\nbekreft e-postadressen din for å logge inn som bruker for %s:\n\n%s\n\nHar du ikke registrert deg, kan du se bort fra denne meldingen.\n"},
		"mail.taken.subject": {"Someone tried to register your address at cityspend", "Noen prøvde å registrere adressen din hos cityspend"},
		"mail.taken.body": {"Someone tried to register %s for organisation %s. Your account is unchanged. If it was you, log in at %s.\n",
			"Noen prøvde å registrere %s for organisasjon %s. Kontoen din er uendret. Var det deg, kan du logge inn på %s.\n"},
		"mail.invite.subject": {"An invitation to cityspend", "En invitasjon til cityspend"},
		"mail.invite.body": {"%s invites you to join %s at cityspend: register at %s\n",
			"%s inviterer deg til å bli med i %s hos cityspend: registrer deg på %s\n"},
		"mail.answer.subject": {"Answer to a question on %s (%s)", "Svar på et spørsmål om %s (%s)"},
		"mail.answer.body": {"Question: %s\n\nAnswer: %s\n\nThe questions and answers: %s\n",
			"Spørsmål: %s\n\nSvar: %s\n\nSpørsmålene og svarene: %s\n"},
		"mail.challenge.subject": {"New challenge: %s", "Ny utfordring: %s"},
		"mail.challenge.body": {"%s has opened a challenge you may want to answer:\n\n%s\n\n%s\n\n%s\n",
			"%s har åpnet en utfordring dere kanskje vil svare på:\n\n%s\n\n%s\n\n%s\n"},
		"mail.staff.invite.subject": {"An invitation to %s at cityspend", "En invitasjon til %s hos cityspend"},
		"mail.staff.invite.body": {"Hello,\n\n%s invites you to %s at cityspend, with the role %s. Set your password at this link (it can be used once, until %s):\n\n%s\n\nIf you did not expect this, ignore this message.\n",
			"Hei,\n\n%s inviterer deg til %s hos cityspend, med rollen %s. Velg passord via denne lenken (den kan brukes én gang, til %s):\n\n%s\n\nVentet du ikke dette, kan du se bort fra meldingen.\n"},
		"mail.staff.granted.subject": {"A role at %s on cityspend", "En rolle hos %s i cityspend"},
		"mail.staff.granted.body": {"Hello,\n\n%s gave you access to %s at cityspend, with the role %s. Log in as before: %s\n",
			"Hei,\n\n%s har gitt deg tilgang til %s hos cityspend, med rollen %s. Logg inn som før: %s\n"},
		"mail.joint.subject": {"Joint procurement: %s", "Felles anskaffelse: %s"},
		"mail.joint.body":    {"%s\n\nThe opportunities: %s\nReply to %s.\n", "%s\n\nMulighetene: %s\nSvar til %s.\n"},
	})
}
