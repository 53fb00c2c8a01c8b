package web

import "github.com/ontschot/ontschot/ledger"

// bsnAdvice is what the request form says, while typing, of a BSN in a
// field: the words the ledger refuses it with there (a case reference, a
// name, or free text each get their own advice), so the page's live check
// and the server's answer agree. TestBSNAdviceMatchesServer holds them to
// that.
func bsnAdvice(field string) string {
	switch field {
	case "caseRef":
		return ledger.MsgBSNCaseRef.Dutch()
	case "payee.reference":
		return ledger.MsgBSNReference.Dutch()
	case "payee.name", "justification.deviatesFrom":
		// Names, and the deviations' lines, which are names of rules.
		return ledger.MsgBSNName.Dutch()
	}
	return ledger.MsgBSN.Dutch()
}
