package web

import (
	"errors"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// The ledger gives every message a user can cause as a code of its
// catalogue with its parameters (ledger.Msg); the pages say it in Dutch
// from the same catalogue, amounts the Dutch way ("€ 1.234,50"), dates as
// Dutch dates and codes as they are. An error without a code (one built
// for the API alone) is shown as the ledger wrote it, after a Dutch
// lead-in, so nothing a user must know is lost; the tests check that the
// pages never need that lead-in.

// internalMessage is what a page says of an error that is not the user's.
const internalMessage = "Er ging bij ons iets mis; het is vastgelegd. Probeer het later opnieuw."

// dutchMessage is an error's message in Dutch.
func dutchMessage(err error) string {
	var le *ledger.Error
	if !errors.As(err, &le) {
		return internalMessage
	}
	if len(le.Fields) > 0 {
		// The fields carry the messages; the form shows each beside its
		// field.
		return "Niet alle velden zijn goed ingevuld; zie de meldingen bij de velden."
	}
	if nl := le.Dutch(); nl != "" {
		return nl
	}
	return "Dat lukte niet: " + le.Message
}

// pageMessage is the Dutch message of an error answered by a page without
// a form (h.fail, a report page's picker): dutchMessage, but an error about
// fields says each field's message, as there are no fields to show them
// beside.
func pageMessage(err error) string {
	var le *ledger.Error
	if !errors.As(err, &le) || len(le.Fields) == 0 {
		return dutchMessage(err)
	}
	var parts []string
	for _, f := range le.Fields {
		nl := f.Dutch()
		if nl == "" {
			nl = "Klopt niet: " + f.Reason
		}
		if !slices.Contains(parts, nl) {
			parts = append(parts, nl)
		}
	}
	return strings.Join(parts, " ")
}

// dateMessage is the Dutch message for a date a form sent that
// ledger.ParseDate refused: ask (what day to choose) when it is no date at
// all, and the range allowed when it lies outside the ledger's dates.
func dateMessage(err error, ask string) string {
	var le *ledger.Error
	if !errors.As(err, &le) || le.Msg.Code == ledger.MsgNotADate {
		return ask
	}
	if nl := le.Dutch(); nl != "" {
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
		nl := f.Dutch()
		if nl == "" {
			nl = "Klopt niet: " + f.Reason
		}
		if _, seen := out[f.Field]; !seen {
			out[f.Field] = nl
		}
	}
	return out
}
