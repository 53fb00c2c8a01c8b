package web

import (
	"errors"
	"regexp"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// The ledger explains mistakes in English sentences (the API's language);
// the pages speak Dutch. translations turn the ledger's sentences into
// Dutch ones, keeping what they quote (amounts, codes, names). A sentence
// without a translation is shown as the ledger wrote it, after a Dutch
// lead-in, so nothing a user must know is lost; the tests check the
// sentences the forms can provoke all have one.
type translation struct {
	re *regexp.Regexp
	nl string
}

func tr(pattern, nl string) translation { return translation{regexp.MustCompile(pattern), nl} }

var translations = []translation{
	// Text fields.
	tr(`^required$`, "Verplicht: vul dit in."),
	tr(`^too short: write at least (\d+) characters$`, "Te kort: schrijf minstens $1 tekens."),
	tr(`^too long: at most (\d+) characters, this has (\d+)$`, "Te lang: hoogstens $1 tekens, dit zijn er $2."),
	tr(`^contains a control character`, "Bevat een onzichtbaar stuurteken; gebruik gewone tekst."),
	tr(`^must be on one line`, "Moet op één regel: haal de regelovergang of tab weg."),
	tr(`^contains an invisible character that changes the direction of the text \((U\+[0-9A-F]+)\)`, "Bevat een onzichtbaar teken dat de schrijfrichting van de tekst verandert ($1); typ de tekst opnieuw zonder dat teken. Het komt vaak mee als tekst uit een ander programma wordt gekopieerd."),
	tr(`^contains a line separator`, "Bevat een regelscheidingsteken dat de meeste programma's niet tonen; begin een nieuwe regel met Enter."),
	tr(`^is not valid UTF-8 text$`, "Bevat tekens die niet kunnen; gebruik gewone tekst."),
	tr(`^this looks like a BSN`, "Dit lijkt een burgerservicenummer (BSN), en dat slaat ontschot nooit op. Gebruik het zaaknummer of de URL van de zaak. Is het een ander nummer, schrijf een telefoonnummer dan als één reeks cijfers (0612345678) en zet een woord tussen twee getallen."),
	// Money.
	tr(`^the amount must be greater than 0\.00$`, "Het bedrag moet meer zijn dan € 0,00."),
	tr(`^(\S+) is more than the maximum of (\S+) for one payout`, "€ $1 is meer dan het maximum van € $2 voor één uitbetaling; controleer het bedrag, of verdeel hoge kosten over aanvragen met de goedkeuring die ze nodig hebben."),
	tr(`^"(.*)" has (\d) decimals; amounts have at most two`, "Hoogstens twee cijfers achter de komma."),
	tr(`is not an amount; write it as a decimal string`, "Dit is geen bedrag; schrijf het als 125,50."),
	// IBAN.
	tr(`^an IBAN is required`, "Vul het IBAN van de ontvanger in, bijvoorbeeld NL91 ABNA 0417 1643 00."),
	tr(`^an IBAN has only letters and digits`, "Een IBAN bevat alleen letters en cijfers (spaties mogen)."),
	tr(`^an IBAN starts with a country code`, "Een IBAN begint met een landcode en twee controlecijfers, zoals NL91."),
	tr(`^(\S+) is not a country that uses IBANs`, "$1 is geen landcode van een IBAN; controleer de eerste twee letters."),
	tr(`^an IBAN from (\S+) has (\d+) characters, this one has (\d+)`, "Een IBAN uit $1 heeft $2 tekens, dit heeft er $3: er ontbreekt een teken of er staat er een te veel."),
	tr(`^the account part of an IBAN`, "Het rekeningdeel van dit IBAN heeft niet de goede vorm."),
	tr(`fails the IBAN check digits`, "Dit IBAN klopt niet: de controlecijfers passen niet, er zit een tikfout in."),
	tr(`outside the SEPA area`, "Dit IBAN is van een bank buiten het SEPA-gebied; vraag om een rekening in een SEPA-land."),
	// Case reference.
	tr(`^required: use a pseudonymous case reference`, "Vul het zaaknummer in (zonder spaties, bijvoorbeeld WIJK-2026-0042) of de URL van de zaak."),
	tr(`is not a case reference`, "Dit is geen zaaknummer: gebruik letters, cijfers en - . _ / zonder spaties, of de URL van de zaak. Nooit een naam."),
	tr(`zaak URL`, "Een zaak-URL heeft de vorm https://…/zaken/api/v1/zaken/{uuid}, over https, zonder gebruiker of vraagteken."),
	tr(`does not point to a zaak`, "Deze URL wijst niet naar een zaak: https://…/zaken/api/v1/zaken/{uuid}."),
	// The weighing.
	tr(`^must be 1 \(mild\) to 5 \(acute\)$`, "Kies een ernst van 1 (licht) tot 5 (acuut)."),
	tr(`^name at least one rule or procedure`, "Noem minstens één regel of procedure waarvan deze uitgave afwijkt."),
	tr(`^at most (\d+) rules`, "Hoogstens $1 regels; noem de regels die ertoe doen."),
	tr(`^"(.*)" is listed twice$`, "“$1” staat er twee keer in."),
	tr(`^required: the day the case got stuck`, "Vul de datum in waarop de zaak vastliep."),
	tr(`^(\S+) is in the future; give the day the case got stuck`, "Die datum ligt in de toekomst; geef de dag waarop de zaak vastliep."),
	tr(`is more than twenty years ago`, "Die datum ligt meer dan twintig jaar terug; controleer het jaar."),
	tr(`is not a date; write it as`, "Dit is geen datum; kies een dag in de kalender."),
	tr(`is outside the dates allowed here; give a date from (\S+) to (\S+)$`, "Die datum kan hier niet; kies een dag van $1 tot en met $2."),
	tr(`is outside the dates allowed here; give a period of the years (\d+) to (\d+)`, "Die periode kan niet; kies een maand of kwartaal in de jaren $1 tot en met $2."),
	tr(`money paid to a provider is always bound`, "Geld aan een leverancier is altijd gebonden aan wat hij levert; kies ‘aan de inwoner’ voor vrij te besteden geld."),
	tr(`is not a category code`, "Kies een categorie uit de lijst."),
	tr(`is not a category; use one of`, "Kies een categorie uit de lijst."),
	tr(`is not a receiver; use provider`, "Kies aan wie wordt betaald: een leverancier of de inwoner."),
	tr(`write the name in Latin letters`, "Schrijf de naam in Latijnse letters, zoals de bank de rekeninghouder kent: het betaalbestand kan geen ander schrift bevatten."),
	tr(`is not an urgency`, "Kies normaal of spoed."),
	// Evaluation.
	tr(`^required for partial`, "Vul het bedrag in dat u betreurt (meer dan € 0,00)."),
	tr(`is not less than the payout's`, "Dat is het hele bedrag (of meer); kies dan ‘spijt’."),
	tr(`a regret is the whole amount`, "Bij ‘spijt’ hoort het hele bedrag; kies ‘deels spijt’ voor een deel."),
	tr(`an effective spend has no regretted amount`, "Bij ‘effectief’ hoort geen bedrag; kies ‘deels spijt’ om een deel te betreuren."),
	tr(`^required: effective, partial or regret$`, "Kies effectief, deels spijt of spijt."),
	// Allocation.
	tr(`^required for (\S+): the Iv3 taakveld`, "Kies het taakveld waar deze kosten onder vallen."),
	tr(`^taakveld (\S+) is not valid in booking year (\d+) \(it is valid in (.+)\); valid for (\S+) in \d+: (.*)$`, "Taakveld $1 geldt niet in boekjaar $2 (wel in $3). Geldig voor $4 in $2: $5."),
	tr(`^"(.*)" is not an Iv3 taakveld; valid for (\S+) in (\d+): (.*)$`, "“$1” is geen Iv3-taakveld. Geldig voor $2 in $3: $4."),
	tr(`^taakveld (\S+) \((.*)\) belongs to (.+), not to (\S+); valid for \S+ in (\d+): (.*)$`, "Taakveld $1 ($2) hoort bij $3, niet bij $4. Geldig voor $4 in $5: $6."),
	tr(`^the lines add up to (\S+), which is (\S+) more than the payout's (\S+)`, "De regels tellen op tot € $1, dat is € $2 meer dan de uitbetaling van € $3."),
	tr(`^there is no party named "(.*)"`, "Er is geen partij “$1”; kies een geregistreerde partij."),
	tr(`^required for target party`, "Kies de partij die de kosten zou moeten dragen."),
	tr(`goes to the same target as line (\d+)`, "Deze regel gaat naar hetzelfde als een eerdere regel; voeg ze samen."),
	tr(`^has both an amount`, "Geef een bedrag of een percentage, niet allebei."),
	tr(`^has neither an amount nor a percentage`, "Vul een bedrag of een percentage in, groter dan 0."),
	tr(`^(\S+) is negative`, "Een negatief getal kan niet; geef meer dan 0."),
	tr(`^(\S+) is more than the payout's (\S+); lower it`, "€ $1 is meer dan de uitbetaling van € $2; verlaag het."),
	tr(`is more than 100; a line takes at most`, "Hoogstens 100%."),
	tr(`^the amounts add up to (\S+), (\S+) more than the payout's (\S+)`, "De bedragen tellen op tot € $1, dat is € $2 meer dan de uitbetaling van € $3; verlaag ze."),
	tr(`^the amounts already add up to the payout's (\S+), so the percentage lines`, "De bedragen tellen al op tot de hele uitbetaling (€ $1), dus de percentageregels krijgen niets; haal ze weg of verlaag de bedragen."),
	tr(`^the percentages add up to (\S+)%; they may add up to at most 100`, "De percentages tellen op tot $1%; samen hoogstens 100 (van wat de bedragen overlaten)."),
	tr(`^must be greater than 0\.00$`, "Vul een bedrag in van meer dan € 0,00."),
	tr(`^at most (\d+) lines; combine`, "Hoogstens $1 regels; voeg regels met hetzelfde doel samen."),
	tr(`was already used for a different request`, "Dit formulier is al eens verstuurd en toen geboekt, met andere gegevens. Controleer of wat u wilde er al staat; verstuur het formulier opnieuw om dit als nieuwe boeking vast te leggen."),
	tr(`^required when correcting an allocation`, "Zeg waarom u de toerekening corrigeert."),
	tr(`^every line comes to 0\.00`, "Elke regel komt uit op € 0,00; geef grotere bedragen of percentages."),
	tr(`percentages that add up to more than 100|add up to more than 100`, "De percentages tellen op tot meer dan 100%."),
	tr(`is not a percentage`, "Dit is geen percentage; schrijf het als 33,33."),
	// Settlement and periods.
	tr(`^only (\S+) of receivable \S+ is open`, "Er staat nog € $1 open; meer kan de partij niet betalen."),
	tr(`is before the receivable was booked`, "Die datum ligt voor het ontstaan van de vordering."),
	tr(`is in the future; record a settlement once the money has arrived`, "Die datum ligt in de toekomst; leg de betaling vast als het geld er is."),
	tr(`^(\S+) has not ended yet \(it ends on (\S+)\)`, "$1 is nog niet voorbij (tot en met $2); sluit een periode als ze voorbij is."),
	tr(`^required: a month such as`, "Kies een maand of kwartaal."),
	tr(`^(\S+) is in the past; give today or a later working day`, "Die dag is al voorbij; kies vandaag of een latere werkdag."),

	// Messages about the whole request.
	tr(`^pot "(.*)" has (\S+) available \(plus an overdraft of (\S+)\); this payout of (\S+) is (\S+) too much$`, "In pot “$1” is € $2 beschikbaar (met een roodstand van € $3); deze uitbetaling van € $4 is € $5 te veel."),
	tr(`^pot "(.*)" has (\S+) available; this payout of (\S+) is (\S+) too much$`, "In pot “$1” is nog € $2 beschikbaar; deze uitbetaling van € $3 is € $4 te veel."),
	tr(`^(\S+) is above every mandate on pot "(.*)"`, "€ $1 is meer dan welk mandaat op pot “$2” ook; niemand kan dit goedkeuren. Verdeel de kosten, of vraag de beheerder het mandaat uit te breiden."),
	tr(`^the role (\S+) has no mandate on pot "(.*)", so it cannot request`, "Uw rol heeft geen mandaat op pot “$2”, dus u kunt er niet uit aanvragen."),
	tr(`^you requested payout (\S+) yourself`, "U heeft deze aanvraag zelf gedaan; een ander met het mandaat moet erover beslissen (vier ogen)."),
	tr(`^your mandate as (\S+) on pot "(.*)" goes up to (\S+); payout \S+ of (\S+) needs (.+)$`, "Uw mandaat op pot “$2” gaat tot € $3; voor € $4 is een besluit nodig van: $5."),
	tr(`^the role (\S+) has no mandate on pot "(.*)"; payout`, "Uw rol heeft geen mandaat op pot “$2”."),
	tr(`is (pending_approval|approved|rejected|reversed|paid), not waiting for a decision`, "Over deze aanvraag is al besloten."),
	tr(`^the booking date (\S+) lies in period (\S+), which finance closed`, "De boekingsdatum $1 ligt in periode $2, en die is afgesloten; daarin kan niets meer geboekt worden."),
	tr(`^there is no (payout|pot|receivable|partner|payment batch|statement)`, "Dit bestaat niet (meer). Controleer de link."),
	tr(`covers (\d+), and today is (\S+); request the payout from a pot for (\d+)`, "Deze pot is voor $1; vraag aan uit een pot voor $3."),
	tr(`is waiting for a decision; allocate its cost once it is approved`, "Over deze aanvraag is nog niet besloten; reken de kosten toe als ze is goedgekeurd."),
	tr(`was rejected: it cost nothing`, "Deze aanvraag is afgewezen; er zijn geen kosten om toe te rekenen."),
	tr(`was reversed: its cost was cancelled`, "Deze uitbetaling is teruggedraaid; er zijn geen kosten meer om toe te rekenen."),
	tr(`is allocated exactly so already`, "Zo is deze uitbetaling al toegerekend; er is niets te corrigeren."),
	tr(`an allocation whose party has paid cannot be corrected`, "De partij heeft al (deels) betaald; deze toerekening kan niet meer worden gecorrigeerd."),
	tr(`this correction takes back refunds`, "Deze correctie zou terugbetalingen terugnemen die de pot al heeft uitgegeven; daar is niet genoeg geld voor."),
	tr(`nothing was spent, so there is nothing to evaluate|evaluate it once the money was spent`, "Alleen een goedgekeurde of betaalde uitbetaling kan worden geëvalueerd."),
	tr(`was requested by a colleague; the caseworker who requested it`, "Een aanvraag van een collega evalueert u niet; dat doet de aanvrager of een beslisser."),
	tr(`^there are no approved, unpaid payouts`, "Er zijn geen goedgekeurde, nog niet betaalde uitbetalingen."),
	tr(`are in pots without a debtor account`, "De goedgekeurde uitbetalingen staan in potten zonder betaalrekening; stel eerst de rekening van de pot in."),
	tr(`is settled in full already`, "Deze vordering is al helemaal betaald."),
	tr(`was cancelled when its allocation was corrected`, "Deze vordering is vervallen door een correctie van de toerekening."),
	tr(`^(\S+) has not begun yet; a statement covers`, "$1 is nog niet begonnen; een verantwoording gaat over een kwartaal dat begonnen is."),
	tr(`is not a quarter you can choose`, "Kies een kwartaal uit de lijst."),
	tr(`does not fund pot`, "Deze partner financiert deze pot niet; een verantwoording gaat naar een van de financiers van de pot."),
	tr(`^there is no chart of pot`, "Deze pot heeft nog geen grafiek: het jaar is nog niet begonnen."),
	tr(`is closed already`, "Die periode is al afgesloten."),
	tr(`the user name or the password is not right`, "De gebruikersnaam of het wachtwoord klopt niet."),
	tr(`you are not signed in, or your session has ended`, "U bent niet ingelogd, of uw sessie is verlopen; log opnieuw in."),
	tr(`^the role (\S+) may not`, "Met uw rol kunt u dit niet doen."),
}

var amountRE = regexp.MustCompile(`-?\b\d+\.\d\d\b`)

// dutchReason translates one of the ledger's sentences; amounts in it are
// written the Dutch way.
func dutchReason(reason string) (string, bool) {
	for _, t := range translations {
		if m := t.re.FindStringSubmatchIndex(reason); m != nil {
			out := string(t.re.ExpandString(nil, t.nl, reason, m))
			return amountRE.ReplaceAllStringFunc(out, func(a string) string {
				return strings.TrimPrefix(euro(mustCents(a)), "€ ")
			}), true
		}
	}
	return reason, false
}

func mustCents(s string) ledger.Cents {
	var c ledger.Cents
	if err := c.UnmarshalText([]byte(s)); err != nil {
		return 0
	}
	return c
}

// dutchMessage is an error's message in Dutch.
func dutchMessage(err error) string {
	var le *ledger.Error
	if !errors.As(err, &le) {
		return "Er ging bij ons iets mis; het is vastgelegd. Probeer het later opnieuw."
	}
	if nl, ok := dutchReason(le.Message); ok {
		return nl
	}
	if len(le.Fields) > 0 {
		return "Niet alle velden zijn goed ingevuld; zie de meldingen bij de velden."
	}
	return "Dat lukte niet: " + le.Message
}

// dateMessage is the Dutch message for a date a form sent that
// ledger.ParseDate refused: ask (what day to choose) when it is no date at
// all, and the range allowed when it lies outside the ledger's dates.
func dateMessage(err error, ask string) string {
	msg := ledger.ErrorMessage(err)
	if strings.Contains(msg, "is not a date") {
		return ask
	}
	if nl, ok := dutchReason(msg); ok {
		return nl
	}
	return ask
}

// fieldMessages returns the Dutch message of each field at fault.
func fieldMessages(err error) map[string]string {
	var le *ledger.Error
	if !errors.As(err, &le) {
		return nil
	}
	out := map[string]string{}
	for _, f := range le.Fields {
		nl, ok := dutchReason(f.Reason)
		if !ok {
			nl = "Klopt niet: " + f.Reason
		}
		if _, seen := out[f.Field]; !seen {
			out[f.Field] = nl
		}
	}
	return out
}
