package ledger

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// BankReason explains a reason code of a return (RtrInf/Rsn) or a rejection
// (StsRsnInf/Rsn) to the people who must act on it: English for finance
// and the API, Dutch for the caseworker who requested the payout, each
// saying what happened and what to do next.
//
// The codes are those of the ISO 20022 external code sets
// ExternalReturnReason1Code and ExternalStatusReason1Code
// (www.iso20022.org, External Code Sets) that the EPC's SEPA Credit
// Transfer rulebook and its implementation guidelines allow for rejects and
// returns of credit transfers (the "R-transactions": EPC125-05 and
// EPC132-08, and the EPC's guidance on reason codes for SCT
// R-transactions), with the file-level codes Dutch banks' pain.002
// descriptions add (BNG Bank, ING, Rabobank format descriptions).
type BankReason struct {
	// Code is the four-letter code as the bank wrote it, such as "AC04".
	Code string
	// English and Dutch explain it.
	English, Dutch string
}

// BankReasonOf explains code (upper case, as the bank writes it; white space
// around it is ignored). A code not in the list gets a general explanation
// that names it, so nothing the bank said is lost.
func BankReasonOf(code string) BankReason {
	c := strings.ToUpper(strings.TrimSpace(code))
	if r, ok := bankReasons[c]; ok {
		return BankReason{Code: c, English: r[0], Dutch: r[1]}
	}
	if c == "" {
		return BankReason{
			English: "The bank gave no reason code. Ask the bank why the payment was not made before paying again.",
			Dutch:   "De bank gaf geen redencode. Vraag de afdeling Financiën om bij de bank na te gaan waarom de betaling niet is gelukt, voordat er opnieuw wordt betaald.",
		}
	}
	return BankReason{
		Code:    c,
		English: fmt.Sprintf("The bank gave reason code %s, which ontschot does not know. Look the code up in the bank's list of reason codes, or ask the bank, before paying again.", c),
		Dutch:   fmt.Sprintf("De bank gaf redencode %s, die ontschot niet kent. Vraag de afdeling Financiën de code bij de bank na te vragen, voordat er opnieuw wordt betaald.", c),
	}
}

// BankReasonCodes lists every code BankReasonOf explains, sorted.
func BankReasonCodes() []string { return slices.Sorted(maps.Keys(bankReasons)) }

// reasons holds each code's English and Dutch explanation. The ISO name of
// each code is in the comment beside it.
var bankReasons = map[string][2]string{
	// Accounts.
	"AC01": { // IncorrectAccountNumber
		"The account number (IBAN) is wrong or does not exist. Ask the resident or payee for the correct IBAN, correct the payee and pay again.",
		"Het rekeningnummer (IBAN) klopt niet of bestaat niet. Vraag de bewoner of begunstigde om het juiste IBAN, pas de begunstigde aan en laat opnieuw betalen.",
	},
	"AC02": { // InvalidDebtorAccountNumber
		"The bank does not accept the pot's own account number in the payment file. Finance should check the debtor account of the pot.",
		"De bank accepteert het rekeningnummer van de pot zelf niet. De afdeling Financiën moet de betaalrekening van de pot controleren.",
	},
	"AC03": { // InvalidCreditorAccountNumber
		"The payee's account number is not valid. Ask the resident or payee for the correct IBAN, correct the payee and pay again.",
		"Het rekeningnummer van de begunstigde is ongeldig. Vraag de bewoner of begunstigde om het juiste IBAN, pas de begunstigde aan en laat opnieuw betalen.",
	},
	"AC04": { // ClosedAccountNumber
		"The account is closed. Ask the resident or payee for the correct account that is in use, correct the payee and pay again.",
		"De rekening is opgeheven. Vraag de bewoner of begunstigde om het juiste, lopende rekeningnummer, pas de begunstigde aan en laat opnieuw betalen.",
	},
	"AC05": { // ClosedDebtorAccountNumber
		"The pot's own account is closed. Finance should give the pot a debtor account in use before paying again.",
		"De betaalrekening van de pot is opgeheven. De afdeling Financiën moet de pot een lopende betaalrekening geven voordat er opnieuw wordt betaald.",
	},
	"AC06": { // BlockedAccount
		"The bank has blocked the account (for example by a seizure or on suspicion of fraud). Ask the payee for another account, or find out with the resident why the account is blocked, before paying again.",
		"De bank heeft de rekening geblokkeerd (bijvoorbeeld door beslag of bij vermoeden van fraude). Vraag de begunstigde om een andere rekening, of zoek met de bewoner uit waarom de rekening geblokkeerd is, voordat er opnieuw wordt betaald.",
	},
	"AC07": { // ClosedCreditorAccountNumber
		"The payee's account is closed. Ask the resident or payee for the correct account that is in use, correct the payee and pay again.",
		"De rekening van de begunstigde is opgeheven. Vraag de bewoner of begunstigde om het juiste, lopende rekeningnummer, pas de begunstigde aan en laat opnieuw betalen.",
	},
	"AC13": { // InvalidDebtorAccountType
		"The account cannot receive this kind of payment (for example a savings account). Ask the payee for a current account and pay again.",
		"Op deze rekening kan zo'n betaling niet worden ontvangen (bijvoorbeeld een spaarrekening). Vraag de begunstigde om een betaalrekening en laat opnieuw betalen.",
	},
	"AG01": { // TransactionForbidden
		"The payee's bank does not allow this payment on the account. Ask the payee for another account and pay again.",
		"De bank van de begunstigde staat deze betaling op de rekening niet toe. Vraag de begunstigde om een andere rekening en laat opnieuw betalen.",
	},
	"AG02": { // InvalidBankOperationCode
		"The bank did not accept the kind of payment in the file. Finance should contact the bank; the payee's details are not at fault.",
		"De bank accepteerde het soort betaling in het bestand niet. De afdeling Financiën neemt contact op met de bank; aan de gegevens van de begunstigde ligt het niet.",
	},
	"AG03": { // TransactionNotSupported
		"The bank does not support this kind of payment (for example an instant payment to a bank that does not offer it). Pay again as an ordinary transfer.",
		"De bank ondersteunt dit soort betaling niet (bijvoorbeeld een directe betaling naar een bank die dat niet biedt). Laat opnieuw betalen als gewone overboeking.",
	},
	// Amounts.
	"AM01": { // ZeroAmount
		"The amount was zero. Check the payout's amount.",
		"Het bedrag was nul. Controleer het bedrag van de aanvraag.",
	},
	"AM02": { // NotAllowedAmount
		"The amount is higher than the bank allows for this payment. Finance should contact the bank.",
		"Het bedrag is hoger dan de bank voor deze betaling toestaat. De afdeling Financiën neemt contact op met de bank.",
	},
	"AM03": { // NotAllowedCurrency
		"The bank does not accept the currency of the payment. Finance should contact the bank.",
		"De bank accepteert de munteenheid van de betaling niet. De afdeling Financiën neemt contact op met de bank.",
	},
	"AM04": { // InsufficientFunds
		"There was not enough money on the pot's bank account on the execution date. Finance should add money to the account and send the payment again.",
		"Er stond op de uitvoeringsdatum niet genoeg geld op de bankrekening van de pot. De afdeling Financiën moet geld op de rekening zetten en de betaling opnieuw versturen.",
	},
	"AM05": { // Duplication
		"The bank saw this payment twice and refused or returned one. Check whether the payee was paid once before paying again.",
		"De bank zag deze betaling twee keer en weigerde of stortte er één terug. Ga na of de begunstigde één keer is betaald voordat er opnieuw wordt betaald.",
	},
	"AM09": { // WrongAmount
		"The payee returned the money because the amount was not what was agreed. Check the amount with the payee and request the right amount.",
		"De begunstigde stortte het geld terug omdat het bedrag niet klopte met wat was afgesproken. Controleer het bedrag met de begunstigde en vraag het juiste bedrag aan.",
	},
	"AM10": { // InvalidControlSum
		"The payment file's control sum did not add up. Finance should make the payment file again; the payee's details are not at fault.",
		"Het controletotaal van het betaalbestand klopte niet. De afdeling Financiën maakt het betaalbestand opnieuw; aan de gegevens van de begunstigde ligt het niet.",
	},
	"AM18": { // InvalidNumberOfTransactions
		"The number of payments in the file did not match its count. Finance should make the payment file again.",
		"Het aantal betalingen in het bestand klopte niet met de telling. De afdeling Financiën maakt het betaalbestand opnieuw.",
	},
	"AM23": { // AmountExceedsSettlementLimit
		"The amount is above the limit for instant payments. Pay again as an ordinary transfer.",
		"Het bedrag is hoger dan de grens voor directe betalingen. Laat opnieuw betalen als gewone overboeking.",
	},
	// Parties and names.
	"BE01": { // InconsistentWithEndCustomer
		"The name does not match the account holder's name. Ask the payee for the name exactly as the bank knows it, correct the payee and pay again.",
		"De naam past niet bij de naam van de rekeninghouder. Vraag de begunstigde om de naam precies zoals de bank die kent, pas de begunstigde aan en laat opnieuw betalen.",
	},
	"BE04": { // MissingCreditorAddress
		"The payee's address was missing. Add the payee's address and pay again.",
		"Het adres van de begunstigde ontbrak. Vul het adres van de begunstigde aan en laat opnieuw betalen.",
	},
	"BE05": { // UnrecognisedInitiatingParty
		"The bank does not recognise the municipality as the sender of the payment file. Finance should contact the bank about the contract for payment files.",
		"De bank herkent de gemeente niet als afzender van het betaalbestand. De afdeling Financiën neemt contact op met de bank over het contract voor betaalbestanden.",
	},
	"BE06": { // UnknownEndCustomer
		"The payee's bank does not know the payee. Ask the payee for the correct name and IBAN, correct the payee and pay again.",
		"De bank van de begunstigde kent de begunstigde niet. Vraag de begunstigde om de juiste naam en het juiste IBAN, pas de begunstigde aan en laat opnieuw betalen.",
	},
	"BE07": { // MissingDebtorAddress
		"The municipality's address was missing in the payment file. Finance should complete the pot's debtor account and make the file again.",
		"Het adres van de gemeente ontbrak in het betaalbestand. De afdeling Financiën vult de betaalrekening van de pot aan en maakt het bestand opnieuw.",
	},
	"BE22": { // MissingCreditorName
		"The payee's name was missing. Add the payee's name and pay again.",
		"De naam van de begunstigde ontbrak. Vul de naam van de begunstigde aan en laat opnieuw betalen.",
	},
	// Dates and cut-off times.
	"CH03": { // RequestedExecutionDateOrRequestedCollectionDateTooFarInFuture
		"The execution date lies too far in the future. Finance should make the payment file again with an earlier date.",
		"De uitvoeringsdatum ligt te ver in de toekomst. De afdeling Financiën maakt het betaalbestand opnieuw met een eerdere datum.",
	},
	"CH04": { // RequestedExecutionDateOrRequestedCollectionDateTooFarInPast
		"The execution date lies too far in the past. Finance should make the payment file again with today's date or later.",
		"De uitvoeringsdatum ligt te ver in het verleden. De afdeling Financiën maakt het betaalbestand opnieuw met de datum van vandaag of later.",
	},
	"DT01": { // InvalidDate
		"The date in the payment file was not valid. Finance should make the payment file again.",
		"De datum in het betaalbestand was ongeldig. De afdeling Financiën maakt het betaalbestand opnieuw.",
	},
	"TM01": { // CutOffTime / InvalidCutOffTime
		"The payment file arrived after the bank's cut-off time. Finance should send it again for the next working day.",
		"Het betaalbestand kwam na de sluitingstijd van de bank binnen. De afdeling Financiën verstuurt het opnieuw voor de volgende werkdag.",
	},
	"AB05": { // TimeoutCreditorAgent
		"The payee's bank did not answer in time for the instant payment. Pay again, as an ordinary transfer if it happens again.",
		"De bank van de begunstigde antwoordde niet op tijd op de directe betaling. Laat opnieuw betalen, als gewone overboeking als het weer gebeurt.",
	},
	"AB06": { // TimeoutInstructedAgent
		"A bank in the chain did not answer in time for the instant payment. Pay again, as an ordinary transfer if it happens again.",
		"Een bank in de keten antwoordde niet op tijd op de directe betaling. Laat opnieuw betalen, als gewone overboeking als het weer gebeurt.",
	},
	// Banks and routing.
	"RC01": { // BankIdentifierIncorrect
		"The bank's identifier (BIC) was wrong. Check the payee's IBAN and BIC, correct the payee and pay again.",
		"De bankcode (BIC) klopte niet. Controleer het IBAN en de BIC van de begunstigde, pas de begunstigde aan en laat opnieuw betalen.",
	},
	"CNOR": { // CreditorBankIsNotRegistered
		"The payee's bank cannot be reached for SEPA payments. Ask the payee for an account at another bank.",
		"De bank van de begunstigde is niet bereikbaar voor SEPA-betalingen. Vraag de begunstigde om een rekening bij een andere bank.",
	},
	"DNOR": { // DebtorBankIsNotRegistered
		"The municipality's bank could not be reached in the payment scheme. Finance should contact the bank.",
		"De bank van de gemeente was niet bereikbaar in het betaalsysteem. De afdeling Financiën neemt contact op met de bank.",
	},
	"ED05": { // SettlementFailed
		"The banks could not settle the payment. Pay again; if it fails again, finance should contact the bank.",
		"De banken konden de betaling niet verrekenen. Laat opnieuw betalen; mislukt het weer, dan neemt de afdeling Financiën contact op met de bank.",
	},
	"ERIN": { // ERIOptionNotSupported
		"The payee's bank does not support extended remittance information. Pay again with a shorter description.",
		"De bank van de begunstigde ondersteunt geen uitgebreide omschrijving. Laat opnieuw betalen met een kortere omschrijving.",
	},
	"FF01": { // InvalidFileFormat
		"The bank could not read the payment file. Finance should make the payment file again and check that the bank takes pain.001.001.09; the payees' details are not at fault.",
		"De bank kon het betaalbestand niet lezen. De afdeling Financiën maakt het betaalbestand opnieuw en gaat na of de bank pain.001.001.09 aanneemt; aan de gegevens van de begunstigden ligt het niet.",
	},
	"DU01": { // DuplicateMessageID
		"The bank already received a payment file with this identification. Check in the bank's portal whether the payments went out before sending the file again.",
		"De bank ontving al een betaalbestand met deze kenmerk. Kijk in het portaal van de bank of de betalingen zijn uitgevoerd voordat het bestand opnieuw wordt verstuurd.",
	},
	"DU02": { // DuplicatePaymentInformationID
		"The bank already received a block of payments with this identification. Check in the bank's portal whether the payments went out before sending them again.",
		"De bank ontving al een betaalopdracht met dit kenmerk. Kijk in het portaal van de bank of de betalingen zijn uitgevoerd voordat ze opnieuw worden verstuurd.",
	},
	// Customers, mandates and returns by request.
	"CUST": { // RequestedByCustomer
		"The payment was stopped or returned at the request of the municipality or the payee. Check with finance and the payee whether it should be paid again.",
		"De betaling is op verzoek van de gemeente of de begunstigde tegengehouden of teruggestort. Overleg met Financiën en de begunstigde of er opnieuw moet worden betaald.",
	},
	"DUPL": { // DuplicatePayment
		"The payment was made twice and one was returned. Nothing needs to be paid again; check that the payee received it once.",
		"De betaling is twee keer gedaan en er is er één teruggestort. Er hoeft niets opnieuw te worden betaald; ga na of de begunstigde het één keer heeft ontvangen.",
	},
	"FOCR": { // FollowingCancellationRequest
		"The money came back after the municipality asked to cancel the payment. Pay again only if the payment is still needed.",
		"Het geld is teruggekomen nadat de gemeente vroeg de betaling te annuleren. Laat alleen opnieuw betalen als de betaling nog nodig is.",
	},
	"FRAD": { // FraudulentOrigin
		"The payment was stopped or returned on suspicion of fraud. Do not pay again before finance has talked with the bank.",
		"De betaling is tegengehouden of teruggestort bij vermoeden van fraude. Betaal niet opnieuw voordat de afdeling Financiën met de bank heeft gesproken.",
	},
	"LEGL": { // LegalDecision
		"The payment was stopped or returned by a legal decision (for example a seizure). Talk with the resident and finance before paying again.",
		"De betaling is tegengehouden of teruggestort door een juridische beslissing (bijvoorbeeld beslag). Overleg met de bewoner en Financiën voordat er opnieuw wordt betaald.",
	},
	"MD01": { // NoMandate
		"There was no authorisation for this payment on the account. Check the payee's account with the payee and pay again.",
		"Er was geen machtiging voor deze betaling op de rekening. Controleer de rekening met de begunstigde en laat opnieuw betalen.",
	},
	"MD06": { // RefundRequestByEndCustomer
		"The account holder asked for the money back. Ask the payee why before paying again.",
		"De rekeninghouder heeft het geld teruggevraagd. Vraag de begunstigde waarom, voordat er opnieuw wordt betaald.",
	},
	"MD07": { // EndCustomerDeceased
		"The account holder has died. Talk with the family or the estate's representative about where the money should go before paying again.",
		"De rekeninghouder is overleden. Overleg met de familie of wie de nalatenschap afwikkelt waar het geld heen moet, voordat er opnieuw wordt betaald.",
	},
	"NOAS": { // NoAnswerFromCustomer
		"The payee did not answer the bank's question about the payment. Contact the payee before paying again.",
		"De begunstigde gaf de bank geen antwoord over de betaling. Neem contact op met de begunstigde voordat er opnieuw wordt betaald.",
	},
	"NOOR": { // NoOriginalTransactionReceived
		"The payee's bank never received the original payment. Finance should check with the bank before paying again.",
		"De bank van de begunstigde heeft de oorspronkelijke betaling nooit ontvangen. De afdeling Financiën gaat het na bij de bank voordat er opnieuw wordt betaald.",
	},
	"ARDT": { // AlreadyReturnedTransaction
		"The payment was returned before. Check that the money is back in the pot and do not pay twice.",
		"De betaling is al eerder teruggestort. Controleer dat het geld terug is in de pot en betaal niet twee keer.",
	},
	// Not specified, narrative, regulatory and technical.
	"MS02": { // NotSpecifiedReasonCustomerGenerated
		"The payee or account holder refused the payment without giving a reason. Contact the payee before paying again.",
		"De begunstigde of rekeninghouder weigerde de betaling zonder reden. Neem contact op met de begunstigde voordat er opnieuw wordt betaald.",
	},
	"MS03": { // NotSpecifiedReasonAgentGenerated
		"A bank refused or returned the payment without giving a reason. Check the payee's details with the payee; if they are right, finance should ask the bank.",
		"Een bank weigerde of stortte de betaling terug zonder reden. Controleer de gegevens met de begunstigde; kloppen ze, dan vraagt de afdeling Financiën het na bij de bank.",
	},
	"NARR": { // Narrative
		"The reason is in the bank's text with the payment. Read it, and act on it before paying again.",
		"De reden staat in de toelichting van de bank bij de betaling. Lees die en handel ernaar voordat er opnieuw wordt betaald.",
	},
	"RR01": { // MissingDebtorAccountOrIdentification
		"The municipality's account or identification was missing for the regulatory checks. Finance should complete the pot's debtor account and make the file again.",
		"Het rekeningnummer of de identificatie van de gemeente ontbrak voor de wettelijke controles. De afdeling Financiën vult de betaalrekening van de pot aan en maakt het bestand opnieuw.",
	},
	"RR02": { // MissingDebtorNameOrAddress
		"The municipality's name or address was missing for the regulatory checks. Finance should complete the pot's debtor account and make the file again.",
		"De naam of het adres van de gemeente ontbrak voor de wettelijke controles. De afdeling Financiën vult de betaalrekening van de pot aan en maakt het bestand opnieuw.",
	},
	"RR03": { // MissingCreditorNameOrAddress
		"The payee's name or address was missing for the regulatory checks. Complete the payee's name and address and pay again.",
		"De naam of het adres van de begunstigde ontbrak voor de wettelijke controles. Vul de naam en het adres van de begunstigde aan en laat opnieuw betalen.",
	},
	"RR04": { // RegulatoryReason
		"A bank refused the payment for a legal or regulatory reason (such as sanctions screening). Do not pay again before finance has talked with the bank.",
		"Een bank weigerde de betaling om een wettelijke reden (zoals een controle op sancties). Betaal niet opnieuw voordat de afdeling Financiën met de bank heeft gesproken.",
	},
	"SL01": { // SpecificServiceOfferedByDebtorAgent
		"The payee's bank refused the payment because of a service the account holder set up (for example a block on incoming payments). Contact the payee.",
		"De bank van de begunstigde weigerde de betaling door een dienst die de rekeninghouder heeft ingesteld (bijvoorbeeld een blokkade van inkomende betalingen). Neem contact op met de begunstigde.",
	},
	"TECH": { // TechnicalProblem
		"A technical problem at a bank stopped the payment. Pay again; if it fails again, finance should contact the bank.",
		"Een technisch probleem bij een bank hield de betaling tegen. Laat opnieuw betalen; mislukt het weer, dan neemt de afdeling Financiën contact op met de bank.",
	},
	"CURR": { // IncorrectCurrency
		"The currency of the payment was wrong. Finance should check the payment file; ontschot pays in euros only.",
		"De munteenheid van de betaling klopte niet. De afdeling Financiën controleert het betaalbestand; ontschot betaalt alleen in euro.",
	},
}
