package ledger

// The catalogue: every message the ledger gives a user, by its stable code,
// with its parameters and its English and Dutch templates (message.go says
// how a template is written and how each kind of parameter is written in
// each language). The English is what the API has always said, word for
// word; the Dutch is what the pages say. TestCatalogue holds every entry to
// a text in both languages with the same parameters, and TestMessagesHaveCodes
// holds the package to building its errors from here.
//
// Codes are grouped by subject ("text.", "money.", "payout."); the variable
// names follow them. A code is never reused for another meaning: a message
// that changes its meaning gets a new code.

// Nouns name the input an EINVALID error is about ("The {what} is not
// valid"), in both languages.
var (
	nounAccount = def("noun.account", "", "account", "het account")
	// NounAllocation is an allocation request (package allocation).
	NounAllocation     = def("noun.allocation", "", "allocation", "de toerekening")
	nounCategory       = def("noun.category", "", "category", "de categorie")
	nounContribution   = def("noun.contribution", "", "contribution", "de bijdrage")
	nounDebtorAccount  = def("noun.debtor_account", "", "debtor account", "de betaalrekening")
	nounDecision       = def("noun.decision", "", "decision", "het besluit")
	nounErasure        = def("noun.erasure", "", "erasure", "de opschoning")
	nounEvaluation     = def("noun.evaluation", "", "evaluation", "de evaluatie")
	nounFilter         = def("noun.filter", "", "filter", "de selectie")
	nounIdempotencyKey = def("noun.idempotency_key", "", "idempotency key", "de sleutel van het formulier")
	// NounPage is a page of a list (package allocation's queue).
	NounPage          = def("noun.page", "", "page", "de pagina")
	nounPartner       = def("noun.partner", "", "partner", "de partner")
	nounParty         = def("noun.party", "", "party", "de partij")
	nounPaymentBatch  = def("noun.payment_batch", "", "payment batch", "het betaalbestand")
	nounPayoutRequest = def("noun.payout_request", "", "payout request", "de aanvraag")
	// NounPeriod is a period asked for (package reports).
	NounPeriod         = def("noun.period", "", "period", "de periode")
	nounPledge         = def("noun.pledge", "", "pledge", "de toezegging")
	nounPot            = def("noun.pot", "", "pot", "de pot")
	nounRename         = def("noun.rename", "", "rename", "de nieuwe naam")
	nounReissue        = def("noun.reissue", "", "corrected payee", "de verbeterde begunstigde")
	nounUserMail       = def("noun.user_mail", "", "e-mail setting", "de e-mailinstelling")
	nounReversal       = def("noun.reversal", "", "reversal", "de terugdraaiing")
	nounRuleTable      = def("noun.rule_table", "", "rule table", "de regeltabel")
	nounSettlement     = def("noun.settlement", "", "settlement", "de betaling")
	nounTaakveldSource = def("noun.taakveld_source", "", "source of the taakveld list", "de bron van de taakveldenlijst")
	nounTaakveldList   = def("noun.taakveld_list", "", "taakveld list", "de taakveldenlijst")
	nounTokenRequest   = def("noun.token_request", "", "token request", "de aanvraag van een token")
	nounUptake         = def("noun.uptake", "", "uptake", "de opvolging")
	msgNoRole          = def("noun.no_role", "", "(none)", "(geen)")
	msgInvalidOne      = def("input.invalid_one", "what field", "The {what} is not valid; correct {field} and try again", "Niet alles van {what} is goed ingevuld: verbeter {field} en probeer het opnieuw.")
	msgInvalidMany     = def("input.invalid_many", "what", "The {what} is not valid; correct the fields listed and try again", "Niet alles van {what} is goed ingevuld: verbeter de velden met een melding en probeer het opnieuw.")
)

// Text: names and free text (checkName, checkText), user names, BSNs.
var (
	msgRequired = def("text.required", "",
		"required",
		"Verplicht: vul dit in.")
	msgTooShort = def("text.too_short", "min",
		"too short: write at least {min} characters",
		"Te kort: schrijf minstens {min} tekens.")
	msgTooLong = def("text.too_long", "max n",
		"too long: at most {max} characters, this has {n}",
		"Te lang: hoogstens {max} tekens, dit zijn er {n}.")
	msgNotUTF8 = def("text.not_utf8", "",
		"is not valid UTF-8 text",
		"Bevat tekens die niet kunnen; gebruik gewone tekst.")
	msgNotText = def("text.not_text", "",
		"is not text: send valid UTF-8 without NUL characters",
		"Bevat tekens die niet kunnen; gebruik gewone tekst.")
	msgOneLine = def("text.one_line", "char",
		"must be on one line: remove the line break or tab ({char})",
		"Moet op één regel: haal de regelovergang of tab weg ({char}).")
	msgLineSeparator = def("text.line_separator", "char",
		"contains a line separator ({char}) that most programs do not show; use an ordinary line break",
		"Bevat een regelscheidingsteken ({char}) dat de meeste programma's niet tonen; begin een nieuwe regel met Enter.")
	msgControlChar = def("text.control_char", "char",
		"contains a control character ({char}) that cannot be seen or printed; type the text again without it",
		"Bevat een onzichtbaar stuurteken ({char}); typ de tekst opnieuw zonder dat teken.")
	msgBidiChar = def("text.bidi_char", "char",
		"contains an invisible character that changes the direction of the text ({char}); type the text again without it (it often comes along when text is copied from another program)",
		"Bevat een onzichtbaar teken dat de schrijfrichting van de tekst verandert ({char}); typ de tekst opnieuw zonder dat teken. Het komt vaak mee als tekst uit een ander programma wordt gekopieerd.")
	msgInvisibleChar = def("text.invisible_char", "char",
		"contains an invisible character ({char}); type the name again without it (it often comes along when text is copied from another program)",
		"Bevat een onzichtbaar teken ({char}); typ de naam opnieuw zonder dat teken. Het komt vaak mee als tekst uit een ander programma wordt gekopieerd.")
	// MsgBSN: a BSN in free text (a weighing, a note, a reason) or in a
	// code. Each kind of field has its own advice: this one, MsgBSNName
	// and MsgBSNCaseRef; the pages' live check says the same (package
	// web).
	MsgBSN = def("text.bsn", "",
		"this looks like a BSN (burgerservicenummer), which ontschot must never store; use the case reference or the zaak URL instead; if it is another number, write a phone number as one run of digits (0612345678) and put a word between two numbers",
		"Dit lijkt een burgerservicenummer (BSN), en dat slaat ontschot nooit op. Laat het nummer weg: de zaak is al te vinden via het zaaknummer van de aanvraag. Is het een ander nummer, schrijf een telefoonnummer dan als één reeks cijfers (0612345678) en zet een woord tussen twee getallen.")
	// MsgBSNName: a BSN in a name (a payee, a rule deviated from, a
	// partner or party).
	MsgBSNName = def("text.bsn_name", "",
		"this looks like a BSN (burgerservicenummer), which ontschot must never store; write the name alone, without the number, instead",
		"Dit lijkt een burgerservicenummer (BSN), en dat slaat ontschot nooit op. Schrijf alleen de naam, zonder dat nummer.")
	// MsgBSNReference: a BSN in a payee's payment reference, which should
	// be the payee's own invoice or contract number.
	MsgBSNReference = def("payment.reference_bsn", "",
		"this looks like a BSN (burgerservicenummer), which ontschot must never store; give the payee's own invoice or contract number instead",
		"Dit lijkt een burgerservicenummer (BSN), en dat slaat ontschot nooit op. Vul het factuur- of contractnummer van de ontvanger in.")
	// MsgBSNCaseRef: a BSN in a case reference.
	MsgBSNCaseRef = def("caseref.bsn", "",
		"this looks like a BSN (burgerservicenummer), which ontschot must never store; use a pseudonymous case reference (such as WIJK-2026-0042) or the zaak URL instead",
		"Dit lijkt een burgerservicenummer (BSN), en dat slaat ontschot nooit op. Gebruik een pseudoniem zaaknummer (zoals WIJK-2026-0042) of de URL van de zaak.")
	msgLatinName = def("text.latin_name", "",
		"write the name in Latin letters, as the bank knows the account holder: the payment file can carry no other script",
		"Schrijf de naam in Latijnse letters, zoals de bank de rekeninghouder kent: het betaalbestand kan geen ander schrift bevatten.")
	msgFewLetters = def("text.few_letters", "min",
		"too short for the bank: a name needs at least {min} letters, as the bank knows the account holder",
		"Te kort voor de bank: een naam heeft minstens {min} letters, zoals de bank de rekeninghouder kent.")
	msgLatinTown = def("text.latin_town", "",
		"write the town in Latin letters, as the bank knows it",
		"Schrijf de plaats in Latijnse letters, zoals de bank die kent.")
	msgUserName = def("text.user_name", "name",
		"{name} is not a user name: 1 to 64 letters, digits, '.', '-', '_' or '@', no spaces",
		"{name} is geen gebruikersnaam: 1 tot 64 letters, cijfers, ‘.’, ‘-’, ‘_’ of ‘@’, zonder spaties.")
	msgListedTwice = def("text.listed_twice", "item",
		"{item} is listed twice",
		"{item} staat er twee keer in.")
)

// Money, fractions and percentages (ParseMoney, ParseRatio, ParsePercent).
var (
	msgAmountRequired = def("money.required", "",
		`an amount is required, written as a decimal string such as "125.50"`,
		"Vul een bedrag in, bijvoorbeeld 125,50.")
	msgAmountComma = def("money.comma", "text",
		`{text} uses a comma; write amounts with a decimal point and no thousands separator, such as "1250.50"`,
		"{text} heeft een komma; schrijf bedragen met een decimale punt en zonder scheiding van duizendtallen, zoals 1250.50.")
	msgAmountNegative = def("money.negative", "text",
		"{text} is negative; amounts must be positive",
		"{text} is negatief; een bedrag is meer dan nul.")
	msgNotAnAmount = def("money.not_an_amount", "text",
		`{text} is not an amount; write it as a decimal string such as "125.50"`,
		"{text} is geen bedrag; schrijf het als 125,50.")
	msgAmountDecimals = def("money.decimals", "text n",
		"{text} has {n} decimals; amounts have at most two (whole cents)",
		"Hoogstens twee cijfers achter de komma: {text} heeft er {n}.")
	msgAmountTooLarge = def("money.too_large", "text max",
		"{text} is too large; amounts are at most {max}",
		"{text} is te groot; een bedrag is hoogstens {max}.")
	msgAmountSpaces = def("money.spaces", "text trimmed",
		"{text} has spaces around it; write the amount without spaces, as a decimal string such as {trimmed}",
		"{text} heeft spaties eromheen; schrijf het bedrag zonder spaties, zoals {trimmed}.")
	msgAmountNotPositive = def("money.not_positive", "",
		"the amount must be greater than 0.00",
		"Het bedrag moet meer zijn dan € 0,00.")
	msgAmountAbovePayoutMax = def("money.above_payout_max", "amount max",
		"{amount} is more than the maximum of {max} for one payout; check the amount, or split a larger cost over several payouts with the approval they need",
		"{amount} is meer dan het maximum van {max} voor één uitbetaling; controleer het bedrag, of verdeel hoge kosten over aanvragen met de goedkeuring die ze nodig hebben.")
	msgAmountAboveMax = def("money.above_max", "amount max",
		"{amount} is more than the maximum of {max}",
		"{amount} is meer dan het maximum van {max}.")
	msgAmountNotCents = def("money.not_cents", "amount",
		"{amount} has more than two decimals; amounts are whole cents",
		"{amount} heeft meer dan twee cijfers achter de komma; een bedrag is een heel aantal centen.")
	msgNotAFraction = def("money.not_a_fraction", "text",
		`{text} is not a fraction; write it as a decimal such as "0.20" for 20%`,
		"{text} is geen fractie; schrijf het als 0.20 voor 20%.")
	msgFractionRange = def("money.fraction_range", "text",
		`{text} is outside 0 to 1; write a fraction such as "0.20" for 20%`,
		"{text} ligt niet tussen 0 en 1; schrijf een fractie zoals 0.20 voor 20%.")
	msgFractionDecimals = def("money.fraction_decimals", "text",
		"{text} has more than four decimals",
		"{text} heeft meer dan vier cijfers achter de komma.")
	msgNotAPercentage = def("money.not_a_percentage", "text",
		`{text} is not a percentage; write it as a decimal string such as "33.33"`,
		"{text} is geen percentage; schrijf het als 33,33.")
	msgPercentageDecimals = def("money.percentage_decimals", "text n",
		"{text} has {n} decimals; percentages have at most two",
		"Hoogstens twee cijfers achter de komma: {text} heeft er {n}.")
	msgPercentageNotPositive = def("money.percentage_not_positive", "text",
		"{text}: a percentage must be greater than 0",
		"Een percentage moet meer zijn dan 0; {text} is dat niet.")
	msgPercentageAbove100 = def("money.percentage_above_100", "text",
		"{text} is more than 100 percent",
		"{text} is meer dan 100%; een regel krijgt hoogstens het hele bedrag.")
)

// Dates and periods (ParseDate, CheckDateIn, ParsePeriod).
var (
	// MsgNotADate refuses text that is no date at all (ParseDate); a form
	// may ask for the day its own way instead.
	MsgNotADate = def("date.not_a_date", "text",
		"{text} is not a date; write it as YYYY-MM-DD, for example 2026-03-14",
		"{text} is geen datum; schrijf het als JJJJ-MM-DD, bijvoorbeeld 2026-03-14.")
	msgDateOutOfRange = def("date.out_of_range", "text from to",
		"{text} is outside the dates allowed here; give a date from {from} to {to}",
		"De datum {text} kan hier niet; kies een dag van {from} tot en met {to}.")
	msgNoDate = def("date.none", "",
		"no date",
		"(geen)")
	msgNotAPeriod = def("period.not_a_period", "text",
		"{text} is not a period; write a month as 2026-03 or a quarter as 2026-Q1",
		"{text} is geen periode; kies een maand of kwartaal.")
	msgNotAReportPeriod = def("period.not_a_report_period", "text",
		"{text} is not a period; write a year as 2026, a quarter as 2026-Q3 or a month as 2026-03",
		"{text} is geen periode; kies een jaar, kwartaal of maand.")
	msgPeriodYears = def("period.years", "text min max from to",
		"{text} is outside the dates allowed here; give a period of the years {min} to {max} ({from} to {to})",
		"De periode {text} kan niet; kies een periode in de jaren {min} tot en met {max} ({from} tot en met {to}).")
	msgPeriodRequired = def("period.required", "",
		"required: a month such as 2026-03 or a quarter such as 2026-Q1",
		"Kies een maand of kwartaal.")
	msgPeriodNotEnded = def("period.not_ended", "period end next",
		"{period} has not ended yet (it ends on {end}); close it from {next} on",
		"{period} is nog niet voorbij (ze loopt tot en met {end}); u kunt haar afsluiten vanaf {next}.")
	msgPeriodClosed = def("period.closed", "date period closed",
		"the booking date {date} lies in period {period}, which finance closed on {closed}; nothing can be booked in a closed period",
		"De boekingsdatum {date} ligt in {period}, en die periode is op {closed} afgesloten; daarin kan niets meer geboekt worden.")
	msgPeriodClosedAlready = def("period.closed_already", "period",
		"{period} is closed already",
		"{period} is al afgesloten.")
	// MsgPeriodNotBegun refuses a report of a period that has not begun.
	MsgPeriodNotBegun = def("period.not_begun", "period",
		"{period} has not begun yet; a report covers a period that has begun: choose this one or an earlier one",
		"{period} is nog niet begonnen; een overzicht gaat over een periode die begonnen is: kies deze of een eerdere.")
	// MsgLegitimacyNotBegun refuses a legitimacy report of a period that
	// has not begun.
	MsgLegitimacyNotBegun = def("legitimacy.not_begun", "period",
		"{period} has not begun yet; a legitimacy report covers a period that has begun",
		"{period} is nog niet begonnen; een legitimiteitsrapport gaat over een periode die begonnen is.")
	// MsgLegitimacyCursor refuses a cursor of the legitimacy report's
	// exceptions that cannot be one.
	MsgLegitimacyCursor = def("legitimacy.not_a_cursor", "",
		"is not a cursor: give the id of a payout of the report, as the last page answered it",
		"Deze link naar een pagina van het rapport klopt niet; begin opnieuw bij de eerste pagina.")
	// MsgLegitimacyAfterAndBefore refuses a page of the exceptions asked
	// for both after one and before another.
	MsgLegitimacyAfterAndBefore = def("legitimacy.after_and_before", "",
		"cannot be given with after: ask for the page after one exception or the page before another",
		"Vraag de pagina na of de pagina voor een uitzondering, niet allebei.")
	// MsgStatementNotBegun refuses a statement of a quarter that has not
	// begun.
	MsgStatementNotBegun = def("statement.not_begun", "period",
		"{period} has not begun yet; a statement covers a quarter that has begun",
		"{period} is nog niet begonnen; een verantwoording gaat over een kwartaal dat begonnen is.")
	// MsgStatementNotQuarter refuses a statement of a period that is not a
	// quarter.
	MsgStatementNotQuarter = def("statement.not_quarter", "period",
		"{period} is not a quarter; statements are per quarter, such as 2026-Q3",
		"{period} is geen kwartaal; een verantwoording gaat over een kwartaal.")
)

// IBANs and debtor accounts (ParseIBAN, NewIBAN, DebtorAccount).
var (
	msgIBANRequired = def("iban.required", "",
		"an IBAN is required, such as NL91 ABNA 0417 1643 00",
		"Vul het IBAN van de ontvanger in, bijvoorbeeld NL91 ABNA 0417 1643 00.")
	msgIBANChars = def("iban.chars", "text char",
		"an IBAN has only letters and digits; {text} has {char}",
		"Een IBAN bevat alleen letters en cijfers (spaties mogen); {text} bevat {char}.")
	msgIBANStart = def("iban.start", "text",
		"an IBAN starts with a country code and two check digits, such as NL91; {text} does not",
		"Een IBAN begint met een landcode en twee controlecijfers, zoals NL91; {text} niet.")
	msgIBANCountry = def("iban.country", "country",
		"{country} is not a country that uses IBANs; check the first two letters",
		"{country} is geen landcode van een IBAN; controleer de eerste twee letters.")
	msgIBANLength = def("iban.length", "country want n",
		"an IBAN from {country} has {want} characters, this one has {n}; check for a missing or extra character",
		"Een IBAN uit {country} heeft {want} tekens, dit heeft er {n}: er ontbreekt een teken of er staat er een te veel.")
	msgIBANShape = def("iban.shape", "country shape account",
		"the account part of an IBAN from {country} has the form {shape} (A a letter, 9 a digit); {account} does not",
		"Het rekeningdeel van een IBAN uit {country} heeft de vorm {shape} (A een letter, 9 een cijfer); {account} niet.")
	msgIBANCheckDigitsNever = def("iban.check_digits_never", "iban digits",
		"{iban} fails the IBAN check digits: {digits} never occurs (ISO 13616 gives 02 to 98); there is a typing error in it",
		"{iban} klopt niet: controlecijfers {digits} bestaan niet (ze lopen van 02 tot 98); er zit een tikfout in.")
	msgIBANCheckDigits = def("iban.check_digits", "iban",
		"{iban} fails the IBAN check digits; there is a typing error in it",
		"{iban} klopt niet: de controlecijfers passen niet, er zit een tikfout in.")
	msgIBANNotSEPA = def("iban.not_sepa", "iban country",
		"{iban} is an IBAN from {country}, outside the SEPA area; payouts are paid by SEPA transfer, so ask for an account in a SEPA country",
		"{iban} is een IBAN uit {country}, buiten het SEPA-gebied; vraag om een rekening in een SEPA-land.")
	msgIBANParts = def("iban.parts", "",
		"a country code and an account number are required",
		"Vul een landcode en een rekeningnummer in.")
	msgNotABIC = def("account.not_a_bic", "text",
		"{text} is not a BIC: 8 or 11 letters and digits, such as BNGHNL2G",
		"{text} is geen BIC: 8 of 11 letters en cijfers, zoals BNGHNL2G.")
	msgNotACountry = def("account.not_a_country", "text",
		"{text} is not an ISO 3166 country code such as NL",
		"{text} is geen landcode zoals NL.")
)

// Case references (CheckCaseRef).
var (
	msgCaseRefRequired = def("caseref.required", "",
		"required: use a pseudonymous case reference (letters, digits and - . _ /, no spaces, such as WIJK-2026-0042) or the zaak URL (https://…/zaken/api/v1/zaken/{{uuid}})",
		"Vul het zaaknummer in (zonder spaties, bijvoorbeeld WIJK-2026-0042) of de URL van de zaak.")
	msgNotACaseRef = def("caseref.not_a_ref", "text",
		"{text} is not a case reference; use a pseudonymous case reference (letters, digits and - . _ /, no spaces, such as WIJK-2026-0042) or the zaak URL (https://…/zaken/api/v1/zaken/{{uuid}})",
		"{text} is geen zaaknummer: gebruik letters, cijfers en - . _ / zonder spaties, of de URL van de zaak. Nooit een naam.")
	msgZaakURLTooLong = def("caseref.url_too_long", "",
		"the zaak URL is too long: at most 300 characters",
		"De URL van de zaak is te lang: hoogstens 300 tekens.")
	msgZaakNotAURL = def("caseref.not_a_url", "text",
		"{text} is not a URL; a zaak URL has the form https://{{host}}/zaken/api/v1/zaken/{{uuid}}",
		"{text} is geen URL; een zaak-URL heeft de vorm https://…/zaken/api/v1/zaken/{{uuid}}.")
	msgZaakNotHTTPS = def("caseref.not_https", "",
		"the zaak URL must use https; a zaak URL has the form https://{{host}}/zaken/api/v1/zaken/{{uuid}}",
		"Een zaak-URL begint met https: https://…/zaken/api/v1/zaken/{{uuid}}.")
	msgZaakURLExtras = def("caseref.url_extras", "",
		"the zaak URL must not carry a user, query or fragment; a zaak URL has the form https://{{host}}/zaken/api/v1/zaken/{{uuid}}",
		"Een zaak-URL heeft de vorm https://…/zaken/api/v1/zaken/{{uuid}}, zonder gebruiker, vraagteken of #.")
	msgZaakNotAZaak = def("caseref.not_a_zaak", "text",
		"{text} does not point to a zaak; a zaak URL has the form https://{{host}}/zaken/api/v1/zaken/{{uuid}}",
		"{text} wijst niet naar een zaak: een zaak-URL heeft de vorm https://…/zaken/api/v1/zaken/{{uuid}}.")
)

// Users, tokens, sign-in and roles.
var (
	// MsgNoProviderSignIn: the identity provider's sign-in asked for
	// where none is configured.
	MsgNoProviderSignIn = def("signin.no_provider", "",
		"this server signs nobody in with an identity provider; sign in with a user name and password",
		"Deze server kent geen inloggen via een identiteitsprovider; log in met uw gebruikersnaam en wachtwoord.")
	// MsgNoPasswordSignIn: a password posted where password sign-in is
	// off.
	MsgNoPasswordSignIn = def("signin.no_password", "",
		"this server signs nobody in with a password; sign in with the identity provider",
		"Op deze server logt u niet in met een wachtwoord, maar via uw gemeenteaccount.")
	// MsgProviderTokenRefused: an access token of the identity provider
	// that failed a check.
	MsgProviderTokenRefused = def("auth.provider_token_refused", "text",
		"the identity provider's access token was refused ({text}); ask the provider for a new token for ontschot's API audience",
		"Het toegangstoken van de identiteitsprovider is geweigerd ({text}); vraag bij de provider een nieuw token aan voor de API van ontschot.")
	// MsgProviderTokenNoRole: a valid access token whose groups map to no
	// role.
	MsgProviderTokenNoRole = def("auth.provider_token_no_role", "",
		"the identity provider's access token is valid, but none of its groups maps to a role in ontschot; ask the administrator to map the client's group",
		"Het toegangstoken van de identiteitsprovider is geldig, maar geen van zijn groepen geeft een rol in ontschot; vraag de beheerder de groep te koppelen.")
	msgProviderLocalAccount = def("signin.provider_local_account", "name",
		"{name} is an ontschot account with a password; the identity provider cannot sign it in while password sign-in is on (switch it off with --password-sign-in=false, or map another name)",
		"{name} is een account met een wachtwoord van ontschot; zolang inloggen met een wachtwoord aan staat, kan de identiteitsprovider dit account niet inloggen. Vraag de beheerder om hulp.")
	// Why an entry of the bank's file is unmatched (BankEntryRow.Detail,
	// and DetailNL for the pages).
	msgBankSum = def("bank.unmatched.sum", "sum amount",
		"its transactions add up to {sum}, not the entry's {amount}",
		"de transacties tellen op tot {sum}, niet tot het bedrag van de boeking, {amount}")
	msgBankNoBlock = def("bank.unmatched.no_block", "text",
		"no payment file of ontschot has the block {text}",
		"geen betaalbestand van ontschot heeft het blok {text}")
	msgBankBlockAmount = def("bank.unmatched.block_amount", "text sum amount",
		"block {text} pays {sum}, the bank booked {amount}",
		"blok {text} betaalt {sum}; de bank boekte {amount}")
	msgBankNamesNothing = def("bank.unmatched.names_nothing", "",
		"the entry names no payout (EndToEndId) and no block (PmtInfId)",
		"de boeking noemt geen uitbetaling (EndToEndId) en geen blok (PmtInfId)")
	msgBankTwice = def("bank.unmatched.twice", "id",
		"the entry names payout {id} twice",
		"de boeking noemt uitbetaling {id} twee keer")
	msgBankNoEndToEnd = def("bank.unmatched.no_end_to_end", "",
		"a transaction of the entry names no EndToEndId, which names the payout in every transfer ontschot makes",
		"een transactie van de boeking noemt geen EndToEndId, waarmee elke overboeking van ontschot de uitbetaling noemt")
	msgBankNoPayout = def("bank.unmatched.no_payout", "text",
		"{text} is no payout of ontschot",
		"{text} is geen uitbetaling van ontschot")
	msgBankOtherAmount = def("bank.unmatched.other_amount", "id sum amount",
		"payout {id} is {sum}, the bank booked {amount}",
		"uitbetaling {id} is {sum}; de bank boekte {amount}")
	msgBankSettledAlready = def("bank.unmatched.settled_already", "id",
		"payout {id} was settled already by another entry",
		"uitbetaling {id} was al afgeschreven met een andere boeking")
	msgBankNotPaid = def("bank.unmatched.not_paid", "id status",
		"payout {id} is {status}, not paid",
		"uitbetaling {id} is {status}, niet betaald")
	msgBankReversalOut = def("bank.unmatched.reversal_out", "",
		"money out that undoes an earlier credit (a reversal), not a payment of ontschot",
		"geld af dat een eerdere bijschrijving terugdraait; geen betaling van ontschot")
	msgBankBackNamesNothing = def("bank.unmatched.back_names_nothing", "",
		"money back that names no single payout (EndToEndId)",
		"geld terug dat niet één uitbetaling noemt (EndToEndId)")
	msgBankRejectedNotOut = def("bank.unmatched.rejected_not_out", "id",
		"payout {id} was rejected by the bank: no money of it went out to be debited",
		"uitbetaling {id} is door de bank geweigerd: er ging geen geld uit dat kan worden afgeschreven")
	msgBankBeforePaid = def("bank.unmatched.before_paid", "id day written",
		"the bank books payout {id} on {day}, before its payment file was made ({written}): the entry names it by mistake",
		"de bank boekt uitbetaling {id} op {day}, voor het betaalbestand ervan gemaakt was ({written}): de boeking noemt haar ten onrechte")
	msgBankBackAlready = def("bank.unmatched.back_already", "id day",
		"payout {id} came back already, booked on {day}: this is a second return of it",
		"uitbetaling {id} is al teruggekomen, geboekt op {day}: dit is een tweede terugboeking ervan")
	msgBankNothingWentOut = def("bank.unmatched.nothing_went_out", "id status",
		"payout {id} is {status}: no money of it went out to come back",
		"uitbetaling {id} is {status}: er ging geen geld uit dat terug kan komen")
	msgBankInNoFile = def("bank.unmatched.in_no_file", "id",
		"payout {id} is in no payment file",
		"uitbetaling {id} staat in geen betaalbestand")
	msgBankOtherAccount = def("bank.unmatched.other_account", "id iban other",
		"payout {id} was paid from account {iban}, not from {other}",
		"uitbetaling {id} is betaald van rekening {iban}, niet van {other}")
	msgBankNotOfFile = def("bank.unmatched.not_of_file", "text file",
		"{text} is not of the payment file {file} the report answers",
		"{text} hoort niet bij het betaalbestand {file} waarop het rapport antwoordt")
	msgBankNoFile = def("bank.unmatched.no_file", "text",
		"no payment file of ontschot is {text}",
		"{text} is geen betaalbestand van ontschot")
	msgBankNotBooked = def("bank.unmatched.not_booked", "id status",
		"payout {id} is {status}: a rejection answers a payment not yet booked",
		"uitbetaling {id} is {status}: een afwijzing gaat over een betaling die nog niet is geboekt")
	msgBankReportAmount = def("bank.unmatched.report_amount", "id sum amount",
		"payout {id} is {sum}, the report names {amount}",
		"uitbetaling {id} is {sum}; het rapport noemt {amount}")
	msgBankRefClash = def("bank.unmatched.ref_clash", "text amount date",
		"the bank gave the reference {text} before to another booking ({amount} on {date}): the references clash; this booking is kept apart",
		"de bank gaf het kenmerk {text} al eerder aan een andere boeking ({amount} op {date}): de kenmerken botsen; deze boeking staat apart")
	msgBankAllReturned = def("bank.unmatched.all_returned", "",
		"every transfer it names was returned before",
		"elke overboeking die het noemt, kwam al eerder terug")
	msgBankStatementNoIBAN = def("bank.statement_no_iban", "id account",
		"statement {id} names its account {account}, which is no valid IBAN; ontschot reads the statements of the pots' debtor accounts, which are IBANs: download the statement of the IBAN account",
		"Afschrift {id} noemt rekening {account}, en dat is geen geldig IBAN. ontschot leest de afschriften van de betaalrekeningen van de potten, en dat zijn IBAN's: download het afschrift van de IBAN-rekening.")
	msgBankEntryNoDate = def("bank.entry_no_date", "ref id",
		"entry {ref} of statement {id} is booked but has no booking date (BookgDt); ask the bank for the statement again, as every booked entry has one",
		"Boeking {ref} van afschrift {id} is geboekt maar heeft geen boekdatum (BookgDt); vraag de bank het afschrift opnieuw aan, want elke geboekte post heeft er een.")
	msgNotifyLimit = def("notify.limit", "",
		"a page holds 1 to 200 notifications; leave limit out for 50",
		"Een pagina heeft 1 tot 200 meldingen.")
	msgNotifyThrough = def("notify.through", "",
		"is not a notification's id; give the id of the newest notification you read",
		"Dit is geen melding; geef de nieuwste melding die u las.")
	msgNotifyCursor = def("notify.cursor", "",
		"is not a notification's id; pass the next cursor of the previous page",
		"Dit is geen melding; gebruik de link naar de volgende pagina.")
	msgBankStatementChanged = def("bank.statement_changed", "id iban",
		"statement {id} of account {iban} was imported before with other days or balances; a bank never changes a statement it sent: check which file is the bank's, and import only that one",
		"Afschrift {id} van rekening {iban} is eerder ingelezen met andere dagen of saldi; een bank verandert een verstuurd afschrift nooit. Zoek uit welk bestand van de bank is, en lees alleen dat in.")
	msgBankEntryFuture = def("bank.entry_future", "ref id day made",
		"entry {ref} of statement {id} is booked on {day}, after the bank made the file ({made}); a bank books nothing ahead: the file was changed, download it from the bank's portal again",
		"Boeking {ref} van afschrift {id} is geboekt op {day}, na de dag waarop de bank het bestand maakte ({made}); een bank boekt niets vooruit. Het bestand is veranderd: download het opnieuw uit het portaal van de bank.")
	msgBankImportIncomplete = def("bank.import_incomplete", "",
		"a bank file's import needs the file read and the SHA-256 of its bytes in hex",
		"Een bankbestand kan alleen worden ingelezen met het bestand zelf; probeer het opnieuw.")
	msgRoleMapLine = def("rolemap.line", "line text",
		"line {line} of the role map is {text}; write GROUP = ROLE, or GROUP = partner PARTNER",
		"Regel {line} van de rollenkaart is {text}; schrijf GROEP = ROL, of GROEP = partner PARTNER.")
	msgRoleMapRole = def("rolemap.role", "line text roles",
		"line {line} of the role map names the role {text}, which does not exist; the roles are {roles}",
		"Regel {line} van de rollenkaart noemt de rol {text}, die niet bestaat; de rollen zijn {roles}.")
	msgRoleMapPartnerMissing = def("rolemap.partner_missing", "line",
		"line {line} of the role map gives the role partner without its partner; write GROUP = partner PARTNER (the partner's id or name)",
		"Regel {line} van de rollenkaart geeft de rol partner zonder de partner; schrijf GROEP = partner PARTNER (id of naam van de partner).")
	msgRoleMapPartnerExtra = def("rolemap.partner_extra", "line role",
		"line {line} of the role map names a partner after the role {role}; only the role partner reads for a partner",
		"Regel {line} van de rollenkaart noemt een partner na de rol {role}; alleen de rol partner leest voor een partner.")
	msgRoleMapTwice = def("rolemap.twice", "line text first",
		"line {line} of the role map maps the group {text} again (it is on line {first}); map each group once",
		"Regel {line} van de rollenkaart koppelt de groep {text} opnieuw (die staat al op regel {first}); koppel elke groep één keer.")
	msgRoleMapEmpty = def("rolemap.empty", "",
		"the role map maps no group; write one line GROUP = ROLE for each group of the provider that may use ontschot",
		"De rollenkaart koppelt geen enkele groep; schrijf een regel GROEP = ROL voor elke groep die ontschot mag gebruiken.")
	msgRoleMapUnreadable = def("rolemap.unreadable", "text",
		"the role map cannot be read: {text}",
		"De rollenkaart kan niet worden gelezen: {text}.")
	msgRoleMapNoPartner = def("rolemap.no_partner", "line text",
		"line {line} of the role map names the partner {text}, which is not in the ledger; write a partner's id (PRT-…) or its name as the ledger has it",
		"Regel {line} van de rollenkaart noemt de partner {text}, die niet in het grootboek staat; schrijf de id of naam van een partner.")
	msgRoleMapPartnerAmbiguous = def("rolemap.partner_ambiguous", "line text",
		"line {line} of the role map names the partner {text}, a name two partners share; write the partner's id",
		"Regel {line} van de rollenkaart noemt de partner {text}, een naam van twee partners; schrijf de id van de partner.")
	msgNoUser = def("user.none", "name",
		"there is no user {name}; list the users to find the name",
		"Gebruiker {name} bestaat niet; kijk in de lijst van gebruikers.")
	msgNotAnEmail = def("user.not_an_email", "text",
		"{text} is not an e-mail address; give one address such as naam@gemeente.nl, without a name before it",
		"{text} is geen e-mailadres; geef één adres, zoals naam@gemeente.nl, zonder naam ervoor.")
	msgNotAMailMode = def("user.not_a_mail_mode", "text",
		"{text} is not a mail mode; use immediate (a mail for each notification) or digest (one mail a day)",
		"{text} is geen keuze voor e-mail; kies direct (een e-mail per melding) of dagelijks (één e-mail per dag).")
	msgMailLeaseLost = def("mail.lease_lost", "id",
		"the mail of notification {id} was taken over by another sender after this one's lease ran out",
		"De e-mail van melding {id} is door een andere verzender overgenomen nadat de claim van deze verliep.")
	msgPartnerRequired = def("user.partner_required", "",
		"required for the partner role: the partner whose pots the user may read",
		"Verplicht bij de rol partner: de partner van wie de gebruiker de potten mag inzien.")
	msgPartnerOnlyForPartners = def("user.partner_only_for_partners", "",
		"only a user with the partner role belongs to a partner",
		"Alleen een gebruiker met de rol partner hoort bij een partner.")
	msgPasswordTooShort = def("user.password_too_short", "min",
		"too short: at least {min} characters; a sentence of a few words is easy to remember and hard to guess",
		"Te kort: minstens {min} tekens; een zin van een paar woorden is makkelijk te onthouden en moeilijk te raden.")
	msgPasswordTooLong = def("user.password_too_long", "max",
		"too long: at most {max} characters",
		"Te lang: hoogstens {max} tekens.")
	msgPasswordIsUserName = def("user.password_is_user_name", "",
		"must not be the user name",
		"Het wachtwoord mag niet de gebruikersnaam zijn.")
	msgSignInFailed = def("user.sign_in_failed", "",
		"the user name or the password is not right; check both and try again",
		"De gebruikersnaam of het wachtwoord klopt niet; controleer ze allebei en probeer het opnieuw.")
	msgAccountLocked = def("user.locked", "n until",
		"this account is locked after {n} failed sign-ins; try again after {until}, or ask an admin",
		"Dit account is geblokkeerd na {n} mislukte pogingen om in te loggen; probeer het na {until} opnieuw, of vraag het de beheerder.")
	msgTokenRequired = def("user.token_required", "",
		`a valid API token is required: send it as "Authorization: Bearer <token>"; an admin creates one with "ontschot token create"`,
		`Een geldig API-token is nodig: stuur het als "Authorization: Bearer <token>"; een beheerder maakt er een met "ontschot token create".`)
	msgNotSignedIn = def("user.not_signed_in", "",
		"you are not signed in, or your session has ended; sign in again",
		"U bent niet ingelogd, of uw sessie is verlopen; log opnieuw in.")
	msgNotARole = def("user.not_a_role", "text roles",
		"{text} is not a role; use one of {roles}",
		"{text} is geen rol; kies een van {roles}.")
	msgUserNameBSN = def("user.name_bsn", "",
		"the user name looks like a BSN, which ontschot must never store; ask an admin for an account with another name",
		"Deze gebruikersnaam lijkt een burgerservicenummer (BSN), en dat slaat ontschot nooit op; vraag de beheerder om een account met een andere naam.")
	msgUserNameInvalid = def("user.name_invalid", "name",
		"the user name {name} is not valid; sign in again",
		"De gebruikersnaam {name} kan niet; log opnieuw in.")
	msgRoleInvalid = def("user.role_invalid", "role",
		"the role {role} is not valid; sign in again",
		"De rol {role} bestaat niet; log opnieuw in.")
	msgRoleMayNot = def("user.role_may_not", "role action roles",
		"the role {role} may not {action}; that takes the role {roles}",
		"Met uw rol ({role}) kunt u niet {action}; daarvoor is de rol {roles} nodig.")
	msgUserExists = def("user.exists", "name has asked",
		"the user {name} exists with the role {has}; a user has one role, so use another user name for the role {asked}",
		"De gebruiker {name} bestaat al, met de rol {has}; een gebruiker heeft één rol, dus kies een andere naam voor de rol {asked}.")
	msgTokenReplayed = def("user.token_replayed", "token",
		"this idempotency key already created token {token}; its secret was shown once. If it was lost, revoke {token} and create a new token",
		"Met deze sleutel is al token {token} gemaakt; het geheim is één keer getoond. Is het kwijt, trek {token} dan in en maak een nieuw token.")
	msgNoToken = def("user.no_token", "id",
		"there is no token {id}; list the tokens to find its id",
		"Token {id} bestaat niet; zoek het in de lijst van tokens.")
	msgTokenRevoked = def("user.token_revoked", "id",
		"token {id} is revoked already",
		"Token {id} is al ingetrokken.")
)

// actionDutch says in Dutch what an action is, for msgRoleMayNot: "Met uw
// rol kunt u niet {action}". The English words are the caller's.
func actionDutch(a Action) string {
	if s, ok := actionsDutch[a]; ok {
		return s
	}
	return "dit doen"
}

var actionsDutch = map[Action]string{
	ActCreatePartner:      "partners vastleggen",
	ActCreatePot:          "potten aanmaken",
	ActRenamePot:          "potten hernoemen",
	ActSetMandates:        "mandaten instellen",
	ActSetPledge:          "toezeggingen vastleggen",
	ActAddCategory:        "categorieën toevoegen",
	ActContribute:         "bijdragen vastleggen",
	ActRequestPayout:      "uitbetalingen aanvragen",
	ActDecidePayout:       "over aanvragen beslissen",
	ActReversePayout:      "uitbetalingen terugdraaien",
	ActClosePeriod:        "perioden afsluiten",
	ActErasePersonal:      "persoonsgegevens wissen",
	ActReadPots:           "potten inzien",
	ActReadPayouts:        "uitbetalingen inzien",
	ActReadJournal:        "het journaal inzien",
	ActVerifyJournal:      "het journaal controleren",
	ActManageUsers:        "gebruikers en tokens beheren",
	ActReadPartners:       "partners inzien",
	ActReadCategories:     "categorieën inzien",
	ActReadContributed:    "bijdragen inzien",
	ActReadPeriods:        "perioden inzien",
	ActAllocate:           "kosten toerekenen",
	ActReadAllocations:    "toerekeningen inzien",
	ActManageParties:      "partijen beheren",
	ActReadParties:        "partijen inzien",
	ActSettle:             "betalingen van vorderingen vastleggen",
	ActReadReceivables:    "vorderingen inzien",
	ActEvaluate:           "uitbetalingen evalueren",
	ActReadEvaluations:    "evaluaties inzien",
	ActReadRegret:         "de spijtratio inzien",
	ActReadSignals:        "signalen inzien",
	ActTakeUpSignal:       "signalen als opgevolgd markeren",
	ActReadTimeliness:     "de doorlooptijden inzien",
	ActReadTaakvelden:     "de taakvelden inzien",
	ActImportTaakvelden:   "de taakveldenlijst inlezen",
	ActReadRules:          "de toerekenregels inzien",
	ActManageRules:        "de toerekenregels wijzigen",
	ActReadQueue:          "de toerekenwachtrij inzien",
	ActReadRotation:       "de beurtrol inzien",
	ActSetDebtorAccount:   "de betaalrekening van een pot instellen",
	ActPay:                "betaalbestanden maken",
	ActReadPaymentBatches: "betaalbestanden inzien",
	ActReadStatements:     "verantwoordingen inzien",
	ActReadFinanceView:    "het financiële overzicht inzien",
	ActReadLegitimacy:     "het legitimiteitsrapport inzien",
	ActReadMetrics:        "de meetgegevens inzien",
}

// Pots, mandate ladders, partners and contributions.
var (
	msgPotYear = def("pot.year", "year min max",
		"{year} is not a plausible year; give the calendar year the pot covers, from {min} to {max}, such as 2026",
		"{year} is geen bruikbaar jaar; geef het kalenderjaar van de pot, van {min} tot en met {max}, zoals 2026.")
	msgPolicyRequired = def("pot.policy_required", "",
		"required: refund (a cost reallocated to a legal budget flows back into the pot) or report (the pot bears the cost)",
		"Kies terugvloeien (kosten die aan een wettelijk budget worden toegerekend, vloeien terug naar de pot) of verantwoorden (de pot draagt de kosten).")
	msgNotAPolicy = def("pot.not_a_policy", "text",
		"{text} is not a policy; use refund or report",
		"{text} is geen werkwijze; kies terugvloeien of verantwoorden.")
	msgThresholdRange = def("pot.threshold_range", "",
		"must be a fraction between 0 and 1, such as 0.20",
		"Geef een fractie tussen 0 en 1, zoals 0.20.")
	msgOverdraftRange = def("pot.overdraft_range", "",
		"must be 0.00 or more (0.00: the pot can never go below zero)",
		"Geef € 0,00 of meer (€ 0,00: de pot kan nooit onder nul).")
	msgRemindAfterRange = def("pot.remind_after_range", "days max",
		"{days} working days cannot be the wait before a reminder; give a whole number from 1 to {max}, such as 2 (the default)",
		"{days} werkdagen kan niet de wachttijd tot een herinnering zijn; geef een geheel getal van 1 tot en met {max}, zoals 2 (de standaard).")
	msgEscalateAfterRange = def("pot.escalate_after_range", "days max",
		"{days} working days cannot be the wait before an escalation; give a whole number from 2 to {max}, such as 5 (the default)",
		"{days} werkdagen kan niet de wachttijd tot opschalen zijn; geef een geheel getal van 2 tot en met {max}, zoals 5 (de standaard).")
	msgEscalateAfterOrder = def("pot.escalate_after_order", "days remind",
		"{days} working days is not after the reminder at {remind}: a request is reminded first and escalated later, so give more than {remind}",
		"Na {days} werkdagen is niet later dan de herinnering na {remind}: eerst komt de herinnering, dan het opschalen; geef meer dan {remind}.")
	msgLadderEmpty = def("pot.ladder_empty", "",
		"at least one level is required, for example caseworker up to 1500.00",
		"Geef minstens één niveau, bijvoorbeeld consulent tot € 1.500,00.")
	msgNotAMandateRole = def("pot.not_a_mandate_role", "text",
		"{text} cannot hold a mandate; use caseworker, teamlead, manager or alderman",
		"{text} kan geen mandaat hebben; kies consulent, teamleider, manager of wethouder.")
	msgLadderRoleTwice = def("pot.ladder_role_twice", "role",
		"{role} appears twice; each role has one level",
		"{role} staat er twee keer in; elke rol heeft één niveau.")
	msgLadderUnlimited = def("pot.ladder_unlimited", "role",
		"only the last level can be without a limit; give {role} a limit or move it to the top",
		"Alleen het hoogste niveau kan zonder bovengrens; geef {role} een bovengrens of zet deze rol bovenaan.")
	msgLadderLimit = def("pot.ladder_limit", "",
		"must be greater than 0.00, or left out for no limit",
		"Geef meer dan € 0,00, of laat het leeg voor geen bovengrens.")
	msgLadderOrder = def("pot.ladder_order", "limit role below",
		"{limit} must be higher than the level below ({role} up to {below}); list levels from low to high",
		"{limit} moet hoger zijn dan het niveau eronder ({role} tot {below}); zet de niveaus van laag naar hoog.")
	msgPotExists = def("pot.exists", "name year",
		"a pot named {name} for {year} exists already; choose another name",
		"Er is al een pot {name} voor {year}; kies een andere naam.")
	msgPotNamedAlready = def("pot.named_already", "id name",
		"pot {id} is named {name} already; give another name",
		"Pot {id} heet al {name}; geef een andere naam.")
	msgNoPot = def("pot.none", "id",
		"there is no pot {id}; list the pots to find its id",
		"Pot {id} bestaat niet (meer); controleer de link.")
	msgNotAPartnerKind = def("partner.not_a_kind", "text",
		"{text} is not a partner kind; use one of municipality, health_insurer, housing_corporation, charity, other",
		"{text} is geen soort partner; kies gemeente, zorgverzekeraar, woningcorporatie, fonds of anders.")
	msgPledgeRange = def("partner.pledge_range", "max",
		"must be 0.00 or more and at most {max}",
		"Geef € 0,00 of meer, en hoogstens {max}.")
	msgContributionDateRequired = def("partner.contribution_date_required", "",
		"required: the date the money arrived, as YYYY-MM-DD",
		"Vul de datum in waarop het geld binnenkwam.")
	msgContributionFuture = def("partner.contribution_future", "date from to",
		"{date} is in the future; record a contribution once the money has arrived: give a date from {from} to {to}",
		"{date} ligt in de toekomst; leg een bijdrage vast als het geld er is: kies een dag van {from} tot en met {to}.")
	msgPartnerIDRequired = def("partner.id_required", "",
		"required",
		"Kies de partner.")
	msgPartnerExists = def("partner.exists", "name",
		"a partner named {name} exists already; use its id, or choose another name",
		"Er is al een partner {name}; gebruik die, of kies een andere naam.")
	msgNoPartner = def("partner.none", "id",
		"there is no partner {id}; list the partners to find its id",
		"Partner {id} bestaat niet (meer); controleer de link.")
)

// Payout requests, the weighing, decisions and reversals.
var (
	msgPotRequired = def("payout.pot_required", "",
		"required: the pot to pay from",
		"Kies de pot waaruit u betaalt.")
	msgCategoryRequired = def("payout.category_required", "",
		`"" is not a category code; pick one from the list of categories, such as dental_care`,
		"Kies een categorie uit de lijst.")
	msgNotACategoryCode = def("payout.not_a_category_code", "text",
		"{text} is not a category code; pick one from the list of categories, such as dental_care",
		"Kies een categorie uit de lijst; {text} is geen categorie.")
	msgNotACategory = def("payout.not_a_category", "text codes",
		"{text} is not a category; use one of {codes}",
		"Kies een categorie uit de lijst; {text} is geen categorie ({codes}).")
	msgNotAnUrgency = def("payout.not_an_urgency", "text",
		"{text} is not an urgency; use normal or urgent",
		"{text} is geen spoed; kies normaal of spoed.")
	msgNotAReceiver = def("payout.not_a_receiver", "text",
		"{text} is not a receiver; use provider (a landlord, dentist, energy company) or resident",
		"{text} is geen ontvanger; kies aan wie wordt betaald: een leverancier (verhuurder, tandarts, energiebedrijf) of de inwoner.")
	msgProviderBound = def("payout.provider_bound", "",
		"money paid to a provider is always bound to its good or service; leave spendingBound out, or use paidTo resident for cash the resident may spend freely",
		"Geld aan een leverancier is altijd gebonden aan wat hij levert; kies ‘aan de inwoner’ voor vrij te besteden geld.")
	msgSeverity = def("payout.severity", "",
		"must be 1 (mild) to 5 (acute)",
		"Kies een ernst van 1 (licht) tot 5 (acuut).")
	msgDeviatesRequired = def("payout.deviates_required", "",
		"name at least one rule or procedure this payout deviates from",
		"Noem minstens één regel of procedure waarvan deze uitgave afwijkt.")
	msgDeviatesTooMany = def("payout.deviates_too_many", "max",
		"at most {max} rules; name the ones that matter",
		"Hoogstens {max} regels; noem de regels die ertoe doen.")
	msgStuckRequired = def("payout.stuck_required", "",
		"required: the day the case got stuck, as YYYY-MM-DD",
		"Vul de datum in waarop de zaak vastliep.")
	msgStuckFuture = def("payout.stuck_future", "date from to",
		"{date} is in the future; give the day the case got stuck: a date from {from} to {to}",
		"{date} ligt in de toekomst; geef de dag waarop de zaak vastliep: van {from} tot en met {to}.")
	msgStuckTooOld = def("payout.stuck_too_old", "date from to",
		"{date} is more than twenty years ago; check the year: give a date from {from} to {to}",
		"{date} ligt meer dan twintig jaar terug; controleer het jaar: kies een dag van {from} tot en met {to}.")
	msgNoMandateToRequest = def("payout.no_mandate_to_request", "role pot",
		"the role {role} has no mandate on pot {pot}, so it cannot request payouts from it; ask an admin to add {role} to the pot's mandate ladder",
		"Uw rol ({role}) heeft geen mandaat op pot {pot}, dus u kunt er niet uit aanvragen; vraag de beheerder om {role} aan de mandaatladder van de pot toe te voegen.")
	msgAboveEveryMandate = def("payout.above_every_mandate", "amount pot top",
		"{amount} is above every mandate on pot {pot} (the highest is {top}); nobody could approve it, so split the cost or ask an admin to extend the ladder",
		"{amount} is meer dan welk mandaat op pot {pot} ook (het hoogste: {top}); niemand kan dit goedkeuren. Verdeel de kosten, of vraag de beheerder het mandaat uit te breiden.")
	msgDecidedAlready = def("payout.decided_already", "id status",
		"payout {id} is {status}, not waiting for a decision",
		"Over deze aanvraag is al besloten. Aanvraag {id} is {status}.")
	msgFourEyes = def("payout.four_eyes", "id roles",
		"you requested payout {id} yourself, so you cannot decide it; someone else with the role {roles} must (four-eyes principle)",
		"U heeft deze aanvraag ({id}) zelf gedaan; een ander met de rol {roles} moet erover beslissen (vier ogen).")
	msgNoMandateToDecide = def("payout.no_mandate_to_decide", "role pot id amount roles",
		"the role {role} has no mandate on pot {pot}; payout {id} of {amount} needs {roles}",
		"Uw rol ({role}) heeft geen mandaat op pot {pot}; over aanvraag {id} van {amount} beslist een {roles}.")
	msgMandateTooLow = def("payout.mandate_too_low", "role pot limit id amount roles",
		"your mandate as {role} on pot {pot} goes up to {limit}; payout {id} of {amount} needs {roles}",
		"Uw mandaat als {role} op pot {pot} gaat tot {limit}; over aanvraag {id} van {amount} beslist een {roles}.")
	msgNotADecision = def("payout.not_a_decision", "text",
		"{text} is not a decision; use approve or reject",
		"Kies goedkeuren of afwijzen; {text} is geen besluit.")
	msgNotAStatus = def("payout.not_a_status", "text",
		"{text} is not a status; use one of pending_approval, approved, rejected, reversed, paid, settled, returned",
		"{text} is geen status; kies wacht op besluit, goedgekeurd, afgewezen, teruggedraaid, betaald, afgeschreven door de bank of teruggekomen van de bank.")
	msgNotAPayoutCursor = def("payout.not_a_cursor", "",
		"is not a payout id; pass the next cursor of the previous page",
		"Dit is geen uitbetaling; gebruik de link naar de volgende pagina.")
	msgNotACode = def("category.not_a_code", "text",
		"{text} is not a code: 2 to 40 lower-case letters, digits and underscores, starting with a letter",
		"{text} is geen code: 2 tot 40 kleine letters, cijfers en lage streepjes, beginnend met een letter.")
	msgCategoryExists = def("category.exists", "code",
		"the category {code} exists already",
		"De categorie {code} bestaat al.")
	msgPotWrongYear = def("payout.pot_wrong_year", "pot year today thisYear",
		"pot {pot} covers {year}, and today is {today}; request the payout from a pot for {thisYear}",
		"Pot {pot} is voor {year}, en vandaag is het {today}; vraag aan uit een pot voor {thisYear}.")
	msgNoPayout = def("payout.none", "id",
		"there is no payout {id}; check the id",
		"Uitbetaling {id} bestaat niet (meer); controleer de link.")
	msgInsufficient = def("payout.insufficient", "pot available amount excess",
		"pot {pot} has {available} available; this payout of {amount} is {excess} too much",
		"In pot {pot} is nog {available} beschikbaar; deze uitbetaling van {amount} is {excess} te veel.")
	msgInsufficientOverdraft = def("payout.insufficient_overdraft", "pot available overdraft amount excess",
		"pot {pot} has {available} available (plus an overdraft of {overdraft}); this payout of {amount} is {excess} too much",
		"In pot {pot} is {available} beschikbaar (met een roodstand van {overdraft}); deze uitbetaling van {amount} is {excess} te veel.")
	msgReversePaid = def("payout.reverse_paid", "id",
		"payout {id} has been paid, so it cannot be reversed; the money has left the bank",
		"Uitbetaling {id} is al betaald en kan niet meer worden teruggedraaid: het geld is de bank uit.")
	msgReversePending = def("payout.reverse_pending", "id",
		"payout {id} is waiting for a decision; reject it instead of reversing it",
		"Over aanvraag {id} is nog niet besloten; wijs haar af in plaats van haar terug te draaien.")
	msgReverseNotApproved = def("payout.reverse_not_approved", "id status",
		"payout {id} is {status}; only an approved payout can be reversed",
		"Uitbetaling {id} is {status}; alleen een goedgekeurde uitbetaling kan worden teruggedraaid.")
	msgReissueNotReturned = def("payout.reissue_not_returned", "id status",
		"payout {id} is {status}; only a payout the bank returned can be paid again to a corrected payee",
		"Uitbetaling {id} is {status}; alleen een uitbetaling die van de bank terugkwam kan opnieuw worden betaald aan een verbeterde begunstigde.")
	msgReissuedAlready = def("payout.reissued_already", "id as",
		"payout {id} was paid again already, as payout {as}; correct that one if the bank returns it too",
		"Uitbetaling {id} is al opnieuw betaald, als uitbetaling {as}; verbeter die als de bank ook die terugstuurt.")
	msgReissuedMeanwhile = def("payout.reissued_meanwhile", "id",
		"payout {id} was paid again by someone else just now; reload it to see the new payout",
		"Uitbetaling {id} is zojuist door iemand anders opnieuw betaald; laad de pagina opnieuw om de nieuwe uitbetaling te zien.")
	msgReissueNotYours = def("payout.reissue_not_yours", "id by amount pot",
		"only {by}, who requested payout {id}, or an approver whose mandate on pot {pot} covers {amount} can pay it again; ask one of them",
		"Alleen {by}, die uitbetaling {id} aanvroeg, of een beoordelaar met een mandaat voor {amount} op pot {pot} kan haar opnieuw betalen; vraag het een van hen.")
	msgReissueInsufficient = def("payout.reissue_insufficient", "id pot available amount",
		"pot {pot} has {available} available, less than the {amount} of payout {id}: the money its return gave back was spent since; wait for a contribution to the pot, or request it anew from another pot",
		"In pot {pot} is nog {available} beschikbaar, minder dan de {amount} van uitbetaling {id}: het teruggekomen geld is intussen uitgegeven. Wacht op een nieuwe bijdrage aan de pot, of vraag de uitbetaling opnieuw aan uit een andere pot.")
	msgReissueWrongYear = def("payout.reissue_wrong_year", "id pot year thisYear",
		"payout {id} came back after the year of pot {pot} ({year}) ended; request it anew from a pot for {thisYear}",
		"Uitbetaling {id} kwam terug nadat het jaar van pot {pot} ({year}) voorbij was; vraag haar opnieuw aan uit een pot voor {thisYear}.")
)

// Allocations, parties, receivables and settlements.
var (
	msgNotAPartyKind = def("party.not_a_kind", "text",
		"{text} is not a party kind; use one of health_insurer, housing_corporation, government_agency, other",
		"{text} is geen soort partij; kies zorgverzekeraar, woningcorporatie, overheidsinstantie of anders.")
	msgPartyExists = def("party.exists", "name",
		"a party named {name} exists already; choose another name",
		"Er is al een partij {name}; kies een andere naam.")
	msgPartyExistsUse = def("party.exists_use", "name",
		"a party named {name} exists already; use it, or choose another name",
		"Er is al een partij {name}; gebruik die, of kies een andere naam.")
	msgPartyNamedAlready = def("party.named_already", "id name",
		"party {id} is named {name} already; give another name",
		"Partij {id} heet al {name}; geef een andere naam.")
	msgNoParty = def("party.none", "id",
		"there is no party {id}; list the parties to find its id",
		"Partij {id} bestaat niet (meer); kies een geregistreerde partij.")
	msgNoPartyNamed = def("party.none_named", "name",
		"there is no party named {name}",
		"Er is geen partij {name}")
	msgNoPartyID = def("party.none_id", "id",
		"there is no party {id}",
		"Er is geen partij {id}")
	msgNoPartyRegisterFirst = def("party.register_first", "none",
		"{none}; register the organisation as a party first",
		"{none}; leg de organisatie eerst vast als partij.")
	msgNoPartyUseOneOf = def("party.use_one_of", "none names",
		"{none}; register it as a party first, or use one of: {names}",
		"{none}; kies een geregistreerde partij ({names}), of leg haar eerst vast als partij.")
	msgPartyAmbiguous = def("party.ambiguous", "name names",
		"{name} could be any of {names}: name the party by its id",
		"{name} kan elk van deze partijen zijn: {names}; kies de partij uit de lijst.")
	msgTooManyLines = def("allocation.too_many_lines", "max",
		"at most {max} lines; combine lines with the same target",
		"Hoogstens {max} regels; voeg regels met hetzelfde doel samen.")
	msgTargetRequired = def("allocation.target_required", "",
		"required: wmo, jeugdwet, participatiewet, wgs, party or maatwerk",
		"Kies waar de kosten naartoe gaan: een wet, een externe partij of maatwerk.")
	msgNotATarget = def("allocation.not_a_target", "text",
		"{text} is not a target; use wmo, jeugdwet, participatiewet, wgs, party or maatwerk",
		"{text} is geen bestemming; kies Wmo 2015, Jeugdwet, Participatiewet, Wet gemeentelijke schuldhulpverlening, een externe partij of maatwerk.")
	msgLineTaakveldRequired = def("allocation.line_taakveld_required", "law",
		"required for {law}: the Iv3 taakveld the cost belongs to",
		"Kies het taakveld van de {law} waar deze kosten onder vallen.")
	msgNotAnEconomicCategory = def("allocation.not_an_economic_category", "text",
		"{text} is not an economic category; use 3.4.1 (in kind) or 4.1.1 (cash), or leave it out to derive it from the payout",
		"{text} is geen economische categorie; kies 3.4.1 (in natura) of 4.1.1 (in geld), of laat het leeg.")
	msgLawLineParty = def("allocation.law_line_party", "law",
		"a line to {law} has no party; use target party for an outside organisation",
		"Een regel naar de {law} heeft geen partij; kies ‘externe partij’ voor een andere organisatie.")
	msgPartyRequired = def("allocation.party_required", "",
		"required for target party: the name of the organisation that should bear the cost",
		"Kies de partij die de kosten zou moeten dragen.")
	msgPartyLineTaakveld = def("allocation.party_line_taakveld", "",
		"a line to an outside party has no taakveld or economic category",
		"Een regel naar een externe partij heeft geen taakveld of economische categorie.")
	msgMaatwerkLineExtras = def("allocation.maatwerk_line_extras", "",
		"a line to maatwerk has no taakveld, economic category or party",
		"Een regel naar maatwerk heeft geen taakveld, economische categorie of partij.")
	msgLineAmountNotPositive = def("allocation.line_amount_not_positive", "",
		"must be greater than 0.00",
		"Vul een bedrag in van meer dan € 0,00.")
	msgLineAmountTooLarge = def("allocation.line_amount_too_large", "amount",
		"{amount} is more than any payout",
		"{amount} is meer dan welke uitbetaling ook.")
	msgLineSameTarget = def("allocation.line_same_target", "line",
		"goes to the same target as line {line}; combine them into one line",
		"Deze regel gaat naar hetzelfde als regel {line}; voeg ze samen.")
	msgLinesExceedPayout = def("allocation.lines_exceed_payout", "total excess amount",
		"the lines add up to {total}, which is {excess} more than the payout's {amount}; an allocation cannot exceed the payout",
		"De regels tellen op tot {total}, dat is {excess} meer dan de uitbetaling van {amount}.")
	msgLinesRequiredForPayout = def("allocation.lines_required", "id",
		"at least one line: where the cost of payout {id} belongs",
		"Vul minstens één regel in: waar de kosten van uitbetaling {id} thuishoren.")
	msgCorrectionNote = def("allocation.correction_note", "version",
		"required when correcting an allocation: say why version {version} is replaced",
		"Zeg waarom u de toerekening corrigeert (versie {version} wordt vervangen).")
	msgAllocatePending = def("allocation.payout_pending", "id",
		"payout {id} is waiting for a decision; allocate its cost once it is approved",
		"Over aanvraag {id} is nog niet besloten; reken de kosten toe als ze is goedgekeurd.")
	msgAllocateRejected = def("allocation.payout_rejected", "id",
		"payout {id} was rejected: it cost nothing, so there is nothing to allocate",
		"Aanvraag {id} is afgewezen; er zijn geen kosten om toe te rekenen.")
	msgAllocateReversed = def("allocation.payout_reversed", "id",
		"payout {id} was reversed: its cost was cancelled, so there is nothing to allocate",
		"Uitbetaling {id} is teruggedraaid; er zijn geen kosten meer om toe te rekenen.")
	msgAllocatedAlready = def("allocation.unchanged", "id version",
		"payout {id} is allocated exactly so already (version {version}); there is nothing to correct",
		"Zo is uitbetaling {id} al toegerekend (versie {version}); er is niets te corrigeren.")
	msgRefundsSpent = def("allocation.refunds_spent", "pot version available",
		"this correction takes back refunds the pot {pot} received for version {version}, and the pot has not enough available for that (it would be {available}); record a contribution first, or keep the refunded lines",
		"Deze correctie zou terugbetalingen terugnemen die pot {pot} voor versie {version} kreeg, en daar is niet genoeg geld voor (er zou {available} beschikbaar zijn); leg eerst een bijdrage vast, of houd de terugbetaalde regels.")
	msgAllocationSettled = def("allocation.settled", "receivable id received first",
		"receivable {receivable} of payout {id}'s allocation was settled ({received} received, first on {first}); an allocation whose party has paid cannot be corrected or reversed",
		"De partij heeft vordering {receivable} van uitbetaling {id} al (deels) betaald ({received}, voor het eerst op {first}); deze toerekening kan niet meer worden gecorrigeerd of teruggedraaid.")
	msgNotAReceivableStatus = def("receivable.not_a_status", "text",
		"{text} is not a receivable status; use open, settled or cancelled",
		"{text} is geen status van een vordering; kies open, betaald of vervallen.")
	msgNoReceivable = def("receivable.none", "id",
		"there is no receivable {id}; list the receivables to find its id",
		"Vordering {id} bestaat niet (meer); controleer de link.")
	msgSettlementDateRequired = def("settlement.date_required", "",
		"required: the day the money arrived, as YYYY-MM-DD",
		"Vul de datum in waarop het geld binnenkwam.")
	msgSettlementFuture = def("settlement.future", "date from to",
		"{date} is in the future; record a settlement once the money has arrived: give a date from {from} to {to}",
		"{date} ligt in de toekomst; leg de betaling vast als het geld er is: kies een dag van {from} tot en met {to}.")
	msgSettlementBeforeReceivable = def("settlement.before_receivable", "date booked",
		"{date} is before the receivable was booked ({booked}); give the day the money arrived",
		"{date} ligt voor het ontstaan van de vordering ({booked}); geef de dag waarop het geld binnenkwam.")
	msgSettledAlready = def("settlement.settled_already", "id party",
		"receivable {id} from {party} is settled in full already",
		"Vordering {id} van {party} is al helemaal betaald.")
	msgReceivableCancelled = def("settlement.cancelled", "id",
		"receivable {id} was cancelled when its allocation was corrected; record the payment on the receivable that replaced it",
		"Vordering {id} is vervallen door een correctie van de toerekening; leg de betaling vast bij de vordering die ervoor in de plaats kwam.")
	msgSettlementTooMuch = def("settlement.too_much", "open id party",
		"only {open} of receivable {id} is open; {party} cannot pay more than it owes",
		"Er staat nog {open} open van vordering {id}; meer kan {party} niet betalen.")
)

// Evaluations and signals.
var (
	msgEffectiveNoRegret = def("evaluation.effective_no_regret", "",
		"an effective spend has no regretted amount; use partial to regret part of it",
		"Bij ‘effectief’ hoort geen bedrag; kies ‘deels spijt’ om een deel te betreuren.")
	msgPartialRequired = def("evaluation.partial_required", "",
		"required for partial: the part of the amount that is regretted, more than 0.00",
		"Vul het bedrag in dat u betreurt (meer dan € 0,00).")
	msgRegretNegative = def("evaluation.regret_negative", "",
		"must not be negative",
		"Een negatief bedrag kan niet.")
	msgOutcomeRequired = def("evaluation.outcome_required", "",
		"required: effective, partial or regret",
		"Kies effectief, deels spijt of spijt.")
	msgNotAnOutcome = def("evaluation.not_an_outcome", "text",
		"{text} is not an outcome; use effective, partial or regret",
		"{text} is geen uitkomst; kies effectief, deels spijt of spijt.")
	msgPartialTooMuch = def("evaluation.partial_too_much", "regretted amount",
		"{regretted} is not less than the payout's {amount}; use regret when all of it is regretted",
		"{regretted} is het hele bedrag van {amount} (of meer); kies dan ‘spijt’.")
	msgRegretWhole = def("evaluation.regret_whole", "regretted amount",
		"{regretted} is not the payout's {amount}; a regret is the whole amount, use partial for a part",
		"Bij ‘spijt’ hoort het hele bedrag van {amount}, niet {regretted}; kies ‘deels spijt’ voor een deel.")
	msgEvaluatePending = def("evaluation.payout_pending", "id",
		"payout {id} is waiting for a decision; evaluate it once the money was spent",
		"Over aanvraag {id} is nog niet besloten; evalueer haar als het geld is uitgegeven.")
	msgEvaluateColleague = def("evaluation.colleague", "id",
		"payout {id} was requested by a colleague; the caseworker who requested it, or an approver, evaluates it",
		"Aanvraag {id} is van een collega; die evalueert haar, of een beslisser.")
	msgEvaluateNotPaid = def("evaluation.not_paid", "id",
		"payout {id} is approved but not yet paid: evaluate it once its money has gone out in a payment batch, when there is a spend to judge",
		"Uitbetaling {id} is goedgekeurd maar nog niet betaald; evalueer haar als het geld met een betaalbestand is overgemaakt: pas dan is er iets te beoordelen.")
	msgEvaluateNothingSpent = def("evaluation.nothing_spent", "id status",
		"payout {id} is {status}: nothing was spent, so there is nothing to evaluate",
		"Uitbetaling {id} is {status}: er is niets uitgegeven, dus er valt niets te evalueren.")
	msgNotASignal = def("signal.not_a_signal", "text",
		"{text} is not a signal id; list the signals to find it",
		"{text} is geen signaal; kies een signaal uit de lijst.")
	msgSignalTakenUp = def("signal.taken_up", "id",
		"signal {id} was taken up in policy already",
		"Signaal {id} is al in beleid opgevolgd.")
)

// Allocation rules and the taakveld list.
var (
	msgNotARuleID = def("rule.not_an_id", "text",
		"{text} is not a rule id: lower-case letters, digits, - and _, such as dental-adult",
		"{text} is geen code van een regel: kleine letters, cijfers, - en _, zoals dental-adult.")
	msgRuleIDTwice = def("rule.id_twice", "text",
		"{text} is used twice; each rule has its own id",
		"{text} staat er twee keer in; elke regel heeft een eigen code.")
	msgRuleCategory = def("rule.category", "text",
		"{text} is not a category code",
		"{text} is geen categorie.")
	msgRuleUrgency = def("rule.urgency", "text",
		"{text} is not an urgency; use normal or urgent, or leave it out",
		"{text} is geen spoed; kies normaal of spoed, of laat het leeg.")
	msgRuleTaakvelden = def("rule.taakvelden", "target",
		"a rule for {target} lists at least one taakveld",
		"Een regel voor de {target} noemt minstens één taakveld.")
	msgRuleEconomicCategory = def("rule.economic_category", "text",
		"{text} is not an economic category; use 3.4.1 or 4.1.1, or leave it out",
		"{text} is geen economische categorie; kies 3.4.1 of 4.1.1, of laat het leeg.")
	msgRuleParties = def("rule.parties", "",
		"a rule for target party names parties or a partyKind",
		"Een regel voor een externe partij noemt partijen of een soort partij.")
	msgNoTaakvelden = def("taakveld.none_valid", "year",
		"(none in the code list; ask an admin to import a list that covers {year})",
		"(geen in de codelijst; vraag de beheerder een lijst in te lezen die {year} dekt)")
	msgTaakveldRequired = def("taakveld.required", "law year list",
		"required for {law}: the Iv3 taakveld; valid for {law} in {year}: {list}",
		"Kies het taakveld waar deze kosten onder vallen. Geldig voor de {law} in {year}: {list}.")
	msgNotATaakveld = def("taakveld.unknown", "text law year list",
		"{text} is not an Iv3 taakveld; valid for {law} in {year}: {list}",
		"{text} is geen Iv3-taakveld. Geldig voor de {law} in {year}: {list}.")
	msgTaakveldWrongYear = def("taakveld.wrong_year", "code year years law list",
		"taakveld {code} is not valid in booking year {year} (it is valid in {years}); valid for {law} in {year}: {list}",
		"Taakveld {code} geldt niet in boekjaar {year} (wel in {years}). Geldig voor de {law} in {year}: {list}.")
	msgTaakveldWrongLaw = def("taakveld.wrong_law", "code name laws law year list",
		"taakveld {code} ({name}) belongs to {laws}, not to {law}; valid for {law} in {year}: {list}",
		"Taakveld {code} ({name}) hoort bij de {laws}, niet bij de {law}. Geldig voor de {law} in {year}: {list}.")
	msgTaakveldListEmpty = def("taakveld.list_empty", "",
		"the list is empty; a code list has at least one taakveld",
		"De lijst is leeg; een codelijst heeft minstens één taakveld.")
	msgNotATaakveldCode = def("taakveld.not_a_code", "text",
		"{text} is not a taakveld code such as 6.3, 6.71a or 6.711",
		"{text} is geen taakveldcode zoals 6.3, 6.71a of 6.711.")
	msgTaakveldFormula = def("taakveld.formula", "text",
		"{text} would be taken for a formula by a spreadsheet; begin the name, and any part after a semicolon, with a letter or a digit",
		"{text} zou in een spreadsheet een formule worden; begin de naam, en elk deel na een puntkomma, met een letter of een cijfer.")
	msgTaakveldLawRequired = def("taakveld.law_required", "",
		"required: wmo, jeugdwet, participatiewet or wgs, several joined with +",
		"Verplicht: wmo, jeugdwet, participatiewet of wgs, meer dan één verbonden met +.")
	msgNotALaw = def("taakveld.not_a_law", "text",
		"{text} is not a law; use wmo, jeugdwet, participatiewet or wgs, several joined with +",
		"{text} is geen wet; gebruik wmo, jeugdwet, participatiewet of wgs, meer dan één verbonden met +.")
	msgTaakveldYear = def("taakveld.year", "year",
		"{year} is not a plausible booking year",
		"{year} is geen bruikbaar boekjaar.")
	msgTaakveldYearsOrder = def("taakveld.years_order", "to from",
		"{to} is before valid_from {from}",
		"{to} ligt voor valid_from {from}.")
	msgTaakveldStatus = def("taakveld.status", "text",
		"{text} is not a status; use verified or observed",
		"{text} is geen status; gebruik verified of observed.")
	msgTaakveldTwice = def("taakveld.twice", "code line",
		"{code} is also on line {line} for overlapping years; a code is valid once per year",
		"{code} staat ook op regel {line} voor jaren die overlappen; een code geldt één keer per jaar.")
	msgTaakveldUnreadable = def("taakveld.unreadable", "reason header",
		"the taakveld list cannot be read: {reason}; the first line must be {header}",
		"De taakveldenlijst kan niet worden gelezen ({reason}); de eerste regel moet {header} zijn.")
	msgTaakveldHeader = def("taakveld.header", "text header",
		"the first line of the taakveld list is {text}; it must be {header}",
		"De eerste regel van de taakveldenlijst is {text}; die moet {header} zijn.")
	msgTaakveldLineUnreadable = def("taakveld.line_unreadable", "line reason",
		"line {line} of the taakveld list cannot be read: {reason}",
		"Regel {line} van de taakveldenlijst kan niet worden gelezen ({reason}).")
	msgTaakveldFieldCount = def("taakveld.field_count", "line n separator header",
		"line {line} of the taakveld list has {n} fields separated by {separator}; it must have 6, as the first line has: {header}",
		"Regel {line} van de taakveldenlijst heeft {n} velden, gescheiden door {separator}; dat moeten er 6 zijn, zoals in de eerste regel: {header}.")
	// The separators a CSV file is read with (package sheet finds it in
	// the file's first line), as a message names them.
	msgSeparatorComma       = def("csv.separator_comma", "", "commas (,)", "komma's (,)")
	msgSeparatorSemicolon   = def("csv.separator_semicolon", "", "semicolons (;)", "puntkomma's (;)")
	msgTaakveldFromNotAYear = def("taakveld.from_not_a_year", "line text",
		"line {line} of the taakveld list: valid_from {text} is not a year",
		"Regel {line} van de taakveldenlijst: valid_from {text} is geen jaar.")
	msgTaakveldToNotAYear = def("taakveld.to_not_a_year", "line text",
		"line {line} of the taakveld list: valid_to {text} is not a year (leave it empty for a code still valid)",
		"Regel {line} van de taakveldenlijst: valid_to {text} is geen jaar (laat het leeg voor een code die nog geldt).")
)

// Lists, pages and filters.
var (
	listPayouts        = def("list.payouts", "", "payouts", "uitbetalingen")
	listPeriodPayouts  = def("list.period_payouts", "", "payouts of this period", "uitbetalingen van deze periode")
	listPaymentBatches = def("list.payment_batches", "", "payment batches", "betaalbestanden")
	listReceivables    = def("list.receivables", "", "receivables", "vorderingen")
	msgNotACursor      = def("page.not_a_cursor", "",
		"is not a cursor: give the id of an item of the list, as the last page answered it",
		"Deze link naar een pagina klopt niet; begin opnieuw bij de eerste pagina.")
	msgAfterAndBefore = def("page.after_and_before", "",
		"cannot be given with after: ask for the page after one item or the page before another",
		"Vraag de pagina na of de pagina voor een regel, niet allebei.")
	msgAfterAndBeforePayouts = def("page.after_and_before_payouts", "",
		"cannot be given with after: ask for the page after one payout or the page before another",
		"Vraag de pagina na of de pagina voor een uitbetaling, niet allebei.")
	// MsgLimitRange refuses a page size outside 1 to max.
	MsgLimitRange = def("page.limit_range", "max",
		"must be 1 to {max}",
		"Kies 1 tot en met {max} per pagina.")
	msgCursorNotFound = def("page.cursor_not_found", "id list",
		`"{id}" is not one of the {list}; start again at the first page, without after or before`,
		"“{id}” hoort niet bij de {list}; begin opnieuw bij de eerste pagina.")
	msgToBeforeFrom = def("filter.to_before_from", "",
		"is before from",
		"Deze datum ligt voor de begindatum.")
)

// Payment files, checkpoints, idempotency keys and the journal's integrity.
var (
	msgExecutionDatePast = def("payment.execution_date_past", "date",
		"{date} is in the past; give today or a later day (the bank pays on its next working day)",
		"{date} is al voorbij; kies vandaag of een latere dag (de bank betaalt op de eerstvolgende werkdag).")
	msgExecutionDateFar = def("payment.execution_date_far", "date max",
		"{date} is more than a year ahead; give a day up to {max}",
		"{date} ligt meer dan een jaar vooruit; kies een dag tot en met {max}.")
	msgPayNoDebtorAccount = def("payment.no_debtor_account", "pots",
		"the approved, unpaid payouts are in pots without a debtor account ({pots}); set the account a pot pays from first",
		"De goedgekeurde uitbetalingen staan in potten zonder betaalrekening ({pots}); stel eerst de rekening van de pot in.")
	msgNotAPlan = def("payment.not_a_plan", "text",
		"{text} is not a plan; send back the plan of a dry run (dryRun: true) as it came, or leave plan out",
		"{text} is geen voorbeeld van een betaalrun; vraag het voorbeeld opnieuw op en bevestig dat.")
	msgPayNoPot = def("payment.no_pot", "text",
		"{text} is not a pot; list the pots (GET /api/v1/pots) to find its id, or leave potId out to pay from every pot",
		"Pot {text} bestaat niet; kies een pot uit de lijst, of alle potten.")
	msgPayNothing = def("payment.nothing_to_pay", "",
		"there are no approved, unpaid payouts to pay; nothing to put in a payment file",
		"Er zijn geen goedgekeurde, nog niet betaalde uitbetalingen; er is niets om in een betaalbestand te zetten.")
	msgNoPaymentBatch = def("payment.no_batch", "id",
		"there is no payment batch {id}; list the payment batches to find its id",
		"Betaalbestand {id} bestaat niet (meer); controleer de link.")
	// MsgPaymentPlanChanged: a payment run confirmed on a preview that no
	// longer fits what waits to be paid (the pages show the new preview).
	MsgPaymentPlanChanged = def("payment.plan_changed", "payouts amount",
		"what waits to be paid changed since the preview that was confirmed: a batch now would hold {payouts} payouts, {amount}; look at the preview again and confirm what it shows",
		"Er is iets veranderd sinds het voorbeeld dat u bevestigde: nu zouden er {payouts} uitbetalingen in het betaalbestand komen, samen {amount}. Er is niets geboekt; bekijk het nieuwe voorbeeld en bevestig dat.")
	msgReferenceChars = def("payment.reference_chars", "char",
		"may hold only letters without accents, digits, spaces and / - ? : ( ) . , ' + (what every bank passes on to the payee unchanged); replace {char}",
		"Mag alleen letters zonder accenten, cijfers, spaties en / - ? : ( ) . , ' + bevatten (wat elke bank ongewijzigd aan de ontvanger doorgeeft); vervang {char}.")
	// MsgPayeeErased: a payment file of a batch whose payee data were
	// erased (package reports).
	MsgPayeeErased = def("payment.payee_erased", "payout batch",
		"the payee of payout {payout} was erased after the retention period, so the payment file of batch {batch} can no longer be made",
		"De gegevens van de ontvanger van uitbetaling {payout} zijn na de bewaartermijn gewist, dus het betaalbestand {batch} kan niet meer worden gemaakt.")
	msgErasureRequired = def("erasure.required", "",
		"required: the date before which the payee data of closed payouts are erased, as YYYY-MM-DD",
		"Kies de datum: de gegevens van ontvangers van afgesloten uitbetalingen die daarvoor zijn aangevraagd, worden gewist.")
	msgErasureFuture = def("erasure.future", "date from to",
		"{date} is in the future; give a date from {from} to {to}: the payee data of closed payouts requested before it are erased",
		"{date} ligt in de toekomst; kies een dag van {from} tot en met {to}: de gegevens van ontvangers van afgesloten uitbetalingen die daarvoor zijn aangevraagd, worden gewist.")
	msgKeyTooLong = def("key.too_long", "max",
		"too long: at most {max} characters; a UUID is enough",
		"Te lang: hoogstens {max} tekens; een UUID is genoeg.")
	msgKeyChars = def("key.chars", "",
		"use visible ASCII characters only, such as a UUID",
		"Gebruik alleen zichtbare ASCII-tekens, zoals in een UUID.")
	msgKeyReused = def("key.reused", "key",
		"the idempotency key {key} was already used for a different request; use a new key for a new request, or resend the original request unchanged",
		"Dit formulier is al eens verstuurd en toen geboekt, met andere gegevens. Controleer of wat u wilde er al staat; verstuur het formulier opnieuw om dit als nieuwe boeking vast te leggen. (Sleutel van het formulier: {key}.)")
	msgNotACheckpoint = def("checkpoint.not_a_checkpoint", "text",
		"{text} is not a checkpoint; write a checkpoint as SEQ:HASH, the transaction's number and its full hash, as ontschot verify prints it (such as 1234:9f86d081884c7d65…, 64 hex digits)",
		"{text} is geen controlepunt; schrijf het als NUMMER:HASH, het nummer van de transactie en haar volledige hash, zoals ontschot verify ze toont (bijvoorbeeld 1234:9f86d081884c7d65…, 64 hexadecimale cijfers).")
	msgCheckpointSeq = def("checkpoint.seq", "text",
		"{text} does not start with a transaction number of 1 or more; write a checkpoint as SEQ:HASH, the transaction's number and its full hash, as ontschot verify prints it (such as 1234:9f86d081884c7d65…, 64 hex digits)",
		"{text} begint niet met een transactienummer van 1 of meer; schrijf een controlepunt als NUMMER:HASH, zoals ontschot verify het toont (bijvoorbeeld 1234:9f86d081884c7d65…, 64 hexadecimale cijfers).")
	msgCheckpointHashLength = def("checkpoint.hash_length", "text n",
		"the hash in {text} has {n} characters, not 64; write a checkpoint as SEQ:HASH, the transaction's number and its full hash, as ontschot verify prints it (such as 1234:9f86d081884c7d65…, 64 hex digits)",
		"De hash in {text} heeft {n} tekens, geen 64; schrijf een controlepunt als NUMMER:HASH, zoals ontschot verify het toont (bijvoorbeeld 1234:9f86d081884c7d65…, 64 hexadecimale cijfers).")
	msgCheckpointHashHex = def("checkpoint.hash_hex", "text",
		"the hash in {text} is not hexadecimal; write a checkpoint as SEQ:HASH, the transaction's number and its full hash, as ontschot verify prints it (such as 1234:9f86d081884c7d65…, 64 hex digits)",
		"De hash in {text} is niet hexadecimaal; schrijf een controlepunt als NUMMER:HASH, zoals ontschot verify het toont (bijvoorbeeld 1234:9f86d081884c7d65…, 64 hexadecimale cijfers).")
	msgIntegrity = def("integrity.refused", "action problems more",
		"{action} refused: {problems}{more}. The database was changed outside ontschot: run ontschot verify, find out who could write to the file, and restore it from a backup that verifies",
		"Geweigerd ({action}): de gegevens passen niet meer bij het journaal: {problems}{more}. Het databasebestand is buiten ontschot om gewijzigd; de beheerder moet ontschot verify draaien, nagaan wie in het bestand kon schrijven en een back-up terugzetten die klopt.")
	msgAndMore = def("integrity.and_more", "n",
		" (and {n} more)",
		" (en nog {n})")
)

// The messages of package allocation, which splits an allocation's amount
// over its lines (allocation.Split) and pages the allocation queue. The
// percentages are Ratios, written as percentages.
var (
	// MsgSplitTotal: the amount to split is not from 0.01 to MaxAmount.
	MsgSplitTotal = def("split.total", "total max",
		"cannot split an amount of {total}; only an amount from 0.01 to {max} can be allocated",
		"Een bedrag van {total} kan niet worden verdeeld; alleen een bedrag van € 0,01 tot {max}.")
	// MsgSplitLinesRequired: no lines to split over.
	MsgSplitLinesRequired = def("split.lines_required", "",
		"required: at least one line, each with an amount or a percentage",
		"Vul minstens één regel in, met een bedrag of een percentage.")
	// MsgSplitBoth: a line with both an amount and a percentage.
	MsgSplitBoth = def("split.both", "amount percent",
		"has both an amount ({amount}) and a percentage ({percent}); give one of them",
		"Geef een bedrag of een percentage, niet allebei (nu {amount} en {percent}%).")
	// MsgSplitNeither: a line with neither an amount nor a percentage.
	MsgSplitNeither = def("split.neither", "",
		"has neither an amount nor a percentage; give one of them, greater than 0",
		"Vul een bedrag of een percentage in, groter dan 0.")
	// MsgSplitAmountNegative: a line's amount is negative.
	MsgSplitAmountNegative = def("split.amount_negative", "amount",
		"{amount} is negative; give an amount greater than 0.00",
		"{amount} is negatief; geef een bedrag van meer dan € 0,00.")
	// MsgSplitAmountAbovePayout: a line's amount is more than the payout.
	MsgSplitAmountAbovePayout = def("split.amount_above_payout", "amount total",
		"{amount} is more than the payout's {total}; lower it",
		"{amount} is meer dan de uitbetaling van {total}; verlaag het.")
	// MsgSplitPercentNegative: a line's percentage is negative.
	MsgSplitPercentNegative = def("split.percent_negative", "percent",
		"{percent} is negative; give a percentage greater than 0",
		"{percent}% is negatief; geef een percentage van meer dan 0.")
	// MsgSplitPercentAbove100: a line's percentage is more than 100.
	MsgSplitPercentAbove100 = def("split.percent_above_100", "percent",
		"{percent} is more than 100; a line takes at most all of what the amount lines leave",
		"{percent}% is meer dan 100%; een regel krijgt hoogstens alles wat de regels met een bedrag overlaten.")
	// MsgSplitAmountsExceed: the amount lines add up to more than the
	// payout.
	MsgSplitAmountsExceed = def("split.amounts_exceed", "sum excess total",
		"the amounts add up to {sum}, {excess} more than the payout's {total}; lower them so they add up to at most {total}",
		"De bedragen tellen op tot {sum}, dat is {excess} meer dan de uitbetaling van {total}; verlaag ze tot samen hoogstens {total}.")
	// MsgSplitAmountsCover: the amount lines take the whole payout and
	// leave the percentage lines nothing.
	MsgSplitAmountsCover = def("split.amounts_cover", "total",
		"the amounts already add up to the payout's {total}, so the percentage lines would get nothing; remove the percentage lines or lower the amounts",
		"De bedragen tellen al op tot de hele uitbetaling ({total}), dus de percentageregels krijgen niets; haal ze weg of verlaag de bedragen.")
	// MsgSplitPercentsExceed: the percentages add up to more than 100.
	MsgSplitPercentsExceed = def("split.percents_exceed", "percent",
		"the percentages add up to {percent}%; they may add up to at most 100 (of what the amount lines leave)",
		"De percentages tellen op tot {percent}%; samen hoogstens 100% (van wat de regels met een bedrag overlaten).")
	// MsgSplitAllZero: every line comes to 0.00.
	MsgSplitAllZero = def("split.all_zero", "amount",
		"every line comes to 0.00 of the payout's {amount}; give larger percentages or amounts (an empty list withdraws the allocation)",
		"Elke regel komt uit op € 0,00 van de uitbetaling van {amount}; geef grotere bedragen of percentages.")
	// MsgQueueCursor: the allocation queue's cursor cannot be read.
	MsgQueueCursor = def("queue.not_a_cursor", "",
		"is not a cursor of the queue; give the next value of the page before, or leave it out for the first page",
		"Deze link naar een pagina van de wachtrij klopt niet; begin opnieuw bij de eerste pagina.")
)

// The pages' own refusals (package web): a partner's statements, a pot's
// chart, the report pages and their downloads.
var (
	// MsgNotAFundedPot: a partner asked for a pot it does not fund.
	MsgNotAFundedPot = def("statement.not_a_funded_pot", "id",
		"there is no pot {id} among the pots your organisation funds",
		"Pot {id} hoort niet bij de potten die uw organisatie financiert; controleer de link.")
	// MsgNoStatement: a statement of something that is not a quarter.
	MsgNoStatement = def("statement.none", "text",
		"there is no statement for {text}; statements are per quarter, such as 2026-Q3",
		"Er is geen verantwoording voor {text}; een verantwoording gaat over een kwartaal. Controleer de link.")
	// MsgNoStatementFile: a statement file that is not PDF or CSV.
	MsgNoStatementFile = def("statement.no_file", "text",
		"there is no statement file {text}; ask for 2026-Q3.pdf or 2026-Q3.csv",
		"Het bestand {text} bestaat niet; een verantwoording is er als PDF of als CSV. Controleer de link.")
	// MsgNotAFunder: a statement addressed to a partner that does not fund
	// the pot.
	MsgNotAFunder = def("statement.not_a_funder", "partner pot",
		"partner {partner} does not fund pot {pot}; address the statement to one of its funders",
		"Partner {partner} financiert pot {pot} niet; een verantwoording gaat naar een van de financiers van de pot.")
	// MsgNotAChoosableQuarter: a quarter the statement page does not offer.
	MsgNotAChoosableQuarter = def("statement.not_a_choosable_quarter", "text",
		"{text} is not a quarter you can choose; choose one from the list",
		"{text} is geen kwartaal dat u kunt kiezen; kies een kwartaal uit de lijst.")
	// MsgNoChartYet: the chart of a pot whose year has not begun.
	MsgNoChartYet = def("pot.no_chart_yet", "id year",
		"there is no chart of pot {id} yet: its year {year} has not begun",
		"Pot {id} heeft nog geen grafiek: het jaar {year} is nog niet begonnen.")
	// MsgNoReportFile: a report file that is not PDF or CSV.
	MsgNoReportFile = def("report.no_file", "text",
		"there is no report file {text}; ask for 2026-Q3.pdf or 2026-Q3.csv",
		"Het bestand {text} bestaat niet; een overzicht is er als PDF of als CSV. Controleer de link.")
	// MsgReportNoPot: a report page's or download's ?pot= names no pot.
	MsgReportNoPot = def("report.no_pot", "text",
		"there is no pot {text}; list the pots to find its id, or leave pot out for every pot",
		"Pot {text} bestaat niet; kies een pot uit de lijst, of alle potten.")
	// MsgNoCSVDialect: a CSV download in a layout the pages do not offer.
	MsgNoCSVDialect = def("csv.no_dialect", "text",
		"there is no CSV layout {text}; leave it out for the standard one (comma, decimal point) or ask for nl (semicolon, decimal comma)",
		"Er is geen CSV-indeling {text}; kies de CSV voor Excel of LibreOffice in het Nederlands of de standaard-CSV. Controleer de link.")
	// The reconciliation of a bank statement with the ledger
	// (reconciliation.go): its refusals, and each difference it names.
	nounReconciliation  = def("noun.reconciliation", "", "reconciliation", "de afstemming")
	msgReconNoStatement = def("reconcile.no_statement", "iban",
		"no statement of account {iban} was imported; import the bank's camt.053 statement first",
		"Er is geen afschrift van rekening {iban} ingelezen; lees eerst het camt.053-afschrift van de bank in.")
	msgReconUnknownStatement = def("reconcile.unknown_statement", "id iban",
		"account {iban} has no statement {id}; choose one of the account's statements",
		"Rekening {iban} heeft geen afschrift {id}; kies een van de afschriften van de rekening.")
	msgReconNoDays = def("reconcile.no_days", "id",
		"statement {id} names no days (no FrToDt, no balances, no entries), so there is nothing to reconcile it with",
		"Afschrift {id} noemt geen dagen (geen periode, geen saldi, geen boekingen); er valt niets mee af te stemmen.")
	msgReconPaidNotBooked = def("reconcile.paid_not_booked", "n batch day fate",
		"{n} payment(s) of payment batch {batch} written on {day}, not booked by the bank in these days ({fate})",
		"{n} betaling(en) uit betaalbestand {batch} van {day}, in deze dagen niet door de bank geboekt ({fate})")
	msgReconBookedEarlier = def("reconcile.booked_paid_earlier", "n batch day",
		"{n} payment(s) of payment batch {batch}, written in the ledger on {day}, booked by the bank in these days",
		"{n} betaling(en) uit betaalbestand {batch}, in het grootboek betaald op {day}, in deze dagen door de bank geboekt")
	msgReconReturnBank = def("reconcile.return_bank", "payout bank ledger",
		"payout {payout}: the bank booked its money back on {bank}, the ledger on {ledger}",
		"Betaling {payout}: de bank boekte het geld terug op {bank}, het grootboek op {ledger}")
	msgReconRejected = def("reconcile.rejected", "payout day reason",
		"payout {payout} was rejected by the bank ({reason}) and returned in the ledger on {day}: its money never left the account",
		"Betaling {payout} is door de bank geweigerd ({reason}) en op {day} in het grootboek teruggeboekt: het geld heeft de rekening nooit verlaten")
	msgReconUnmatched = def("reconcile.unmatched", "ref day why",
		"entry {ref} of {day} matches no payout: {why}",
		"Boeking {ref} van {day} hoort bij geen betaling: {why}")
	msgReconMoneyIn = def("reconcile.money_in", "ref day",
		"money in {ref} of {day} is no return, and no contribution of its amount was recorded in these days",
		"Bijschrijving {ref} van {day} is geen terugboeking, en in deze dagen is geen bijdrage van dit bedrag geboekt")
	msgReconContribution = def("reconcile.contribution", "ref day",
		"contribution {ref} recorded with value date {day}; the bank booked no money in of its amount in these days",
		"Bijdrage {ref} geboekt met valutadatum {day}; de bank boekte in deze dagen geen bijschrijving van dit bedrag")
	msgReconLedgerOnlyIn = def("reconcile.ledger_only_in", "kind n",
		"{n} booking(s) ({kind}) credited the pot's bank account with money recovered for it, which the bank does not book as such on this account",
		"{n} boeking(en) ({kind}) schreven geld bij op de bankrekening van de pot: een terugvordering die de pot ten goede komt, die de bank niet als zodanig op deze rekening boekt")
	msgReconLedgerOnlyOut = def("reconcile.ledger_only_out", "kind n",
		"{n} booking(s) ({kind}) took money off the pot's bank account: a recovery taken back (its allocation was withdrawn), which the bank does not book as such on this account",
		"{n} boeking(en) ({kind}) haalden geld van de bankrekening van de pot: een terugvordering die is teruggenomen (de toewijzing is ingetrokken), die de bank niet als zodanig op deze rekening boekt")
	msgReconKindAllocated          = def("reconcile.kind.allocated", "", "an allocation to a legal budget", "toewijzing aan een wettelijk budget")
	msgReconKindAllocationReversed = def("reconcile.kind.allocation_reversed", "", "a withdrawn allocation", "ingetrokken toewijzing")
	msgReconKindSettled            = def("reconcile.kind.settled", "", "a party's payment of what it owed", "betaling door een derde partij van wat zij verschuldigd was")
	msgReconKindOther              = def("reconcile.kind.other", "", "another booking", "andere boeking")
	msgReconNoIBAN                 = def("reconcile.no_iban", "",
		"required: the IBAN of the debtor account whose statement to reconcile",
		"Kies de betaalrekening (het IBAN) van het afschrift dat u wilt afstemmen.")
	msgReconStatementGap = def("reconcile.statement_gap", "sum movement",
		"the statement's booked entries add up to {sum}, its balances move by {movement}: an entry is missing from the import",
		"De ingelezen boekingen tellen op tot {sum}, de saldi van het afschrift bewegen {movement}: er ontbreekt een boeking")
	msgReconUnexplained = def("reconcile.unexplained", "refs",
		"not explained by the rules{refs}",
		"Niet verklaard door de regels{refs}")
	msgReconNotBookedYet = def("reconcile.fate.not_yet", "", "not booked yet", "nog niet geboekt")
	msgReconBookedOn     = def("reconcile.fate.booked_on", "day", "booked on {day}", "geboekt op {day}")
	msgReconReturnedOn   = def("reconcile.fate.returned_on", "day", "returned or rejected on {day}", "teruggeboekt of geweigerd op {day}")
)
